import { createBrowserRouter, Navigate, RouterProvider, useOutletContext } from 'react-router';
import type { MyProject } from '../features/auth/me';
import { ConnectionManagerPage } from '../features/connections/ConnectionManagerPage';
import { ConnectionPage } from '../features/connections/ConnectionPage';
import { ConnectWizard } from '../features/connections/ConnectWizard';
import { DrawingsLayout } from '../features/drawings/DrawingsLayout';
import { NotificationsPage } from '../features/notifications/NotificationsPage';
import { ProjectLayout, projectTools } from '../features/projects/ProjectLayout';
import { ProjectsPage } from '../features/projects/ProjectsPage';
import { Shell } from './Shell';

/** /projects/:id opens the first tool the user may use. */
function FirstTool() {
  const project = useOutletContext<MyProject>();
  return <Navigate to={projectTools(project)[0].to} replace />;
}

const router = createBrowserRouter([
  {
    element: <Shell />,
    children: [
      { index: true, element: <ProjectsPage /> },
      {
        path: 'projects/:projectId',
        element: <ProjectLayout />,
        children: [
          { index: true, element: <FirstTool /> },
          { path: 'connections', element: <ConnectionManagerPage /> },
          { path: 'connections/connect', element: <ConnectWizard /> },
          { path: 'connections/:connectionId', element: <ConnectionPage /> },
          { path: 'drawings/*', element: <DrawingsLayout /> },
          { path: 'notifications', element: <NotificationsPage /> },
        ],
      },
      { path: '*', element: <Navigate to="/" replace /> },
    ],
  },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
