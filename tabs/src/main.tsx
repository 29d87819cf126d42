import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ThemedRoot } from './ThemedRoot.tsx';

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <ThemedRoot />
    </StrictMode>,
  );
}
