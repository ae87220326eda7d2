import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { createClient } from './api/client'
import { ClientProvider } from './api/ClientContext'
import { DatasetProvider } from './data/DatasetContext'

const client = createClient()
createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <ClientProvider client={client}>
      <DatasetProvider>
        <App />
      </DatasetProvider>
    </ClientProvider>
  </StrictMode>
)
