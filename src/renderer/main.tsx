import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { ErrorBoundary } from './components/error-boundary';
import { hasApi } from './api';
import './styles/app.css';

const container = document.getElementById('root');
if (container === null) {
  throw new Error('The page has no #root element.');
}
const root = createRoot(container);
if (hasApi()) {
  root.render(
    <StrictMode>
      <ErrorBoundary>
        <App />
      </ErrorBoundary>
    </StrictMode>,
  );
} else {
  // Opened outside the app (no preload): say so instead of failing on the first call.
  root.render(
    <main className="app-main">
      <h1>PIM Step-Up</h1>
      <p>This page only works inside the PIM Step-Up app.</p>
    </main>,
  );
}
