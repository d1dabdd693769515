/**
 * Entry point: mounts the app. Styles are a plain stylesheet so that the
 * strict Content-Security-Policy needs no 'unsafe-inline'.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './App.tsx';
import './styles.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html lacks #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
