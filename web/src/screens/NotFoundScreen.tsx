import { Link } from '../routing/Link.tsx';

/** An address the UI does not know. */
export function NotFoundScreen() {
  return (
    <div className="screen">
      <h1>No such page</h1>
      <p>
        This address is not a satview screen. <Link href="/">Search</Link> for a
        Device ID, MPxN or Request ID instead.
      </p>
    </div>
  );
}
