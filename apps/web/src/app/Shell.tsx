import { Link, Outlet } from 'react-router';
import { useMe } from '../features/auth/me';
import { useSession } from '../features/auth/session';

/** Every signed-in screen: a skip link, the product name, who is signed in, and Sign out. */
export function Shell() {
  const { signOut } = useSession();
  const me = useMe();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          Project Connect
        </Link>
        <div className="topbar-user">
          {me.data && <span className="muted">Signed in as {me.data.name}</span>}
          <button type="button" onClick={() => signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <Outlet />
    </>
  );
}
