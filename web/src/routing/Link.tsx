import type { AnchorHTMLAttributes, MouseEvent } from 'react';

import { navigate } from './router.ts';

/** An in-app link: a real <a href> (open in new tab works) that navigates
 * without a reload on a plain click. */
export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement>) {
  const { onClick, href, ...rest } = props;

  function follow(event: MouseEvent<HTMLAnchorElement>) {
    onClick?.(event);
    const modified =
      event.metaKey || event.ctrlKey || event.shiftKey || event.altKey;
    if (event.defaultPrevented || modified || event.button !== 0) return;
    if (href === undefined) return;
    event.preventDefault();
    navigate(href);
  }

  return <a href={href} onClick={follow} {...rest} />;
}
