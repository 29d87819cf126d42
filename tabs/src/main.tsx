import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setAuthTokenProvider } from './api.ts';
import { ssoToken } from './teams.ts';
import { ThemedRoot } from './ThemedRoot.tsx';

// Inside Teams, the API is called with the user's SSO token (null in a plain browser).
setAuthTokenProvider(ssoToken);

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <ThemedRoot />
    </StrictMode>,
  );
}
