import { Center, Loader } from '@mantine/core';
import { Navigate, Route, Routes } from 'react-router';
import { Layout } from './Layout';
import { AuditPage } from './pages/AuditPage';
import { ConversationPage } from './pages/ConversationPage';
import { InboxPage } from './pages/InboxPage';
import { LoginPage } from './pages/LoginPage';
import { TokensPage } from './pages/TokensPage';
import { UsersPage } from './pages/UsersPage';
import { SessionProvider, useSession } from './session';

function Routed() {
  const { session, can } = useSession();
  if (session === undefined) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading the console" />
      </Center>
    );
  }
  if (session === null) return <LoginPage />;
  return (
    <Layout>
      <Routes>
        <Route path="/" element={<InboxPage />} />
        <Route path="/conversations/:id" element={<ConversationPage />} />
        <Route path="/tokens" element={<TokensPage />} />
        {can('users:manage') && <Route path="/users" element={<UsersPage />} />}
        {can('audit:read') && <Route path="/audit" element={<AuditPage />} />}
        <Route path="*" element={<Navigate to="/" replace />} />
      </Routes>
    </Layout>
  );
}

export function App() {
  return (
    <SessionProvider>
      <Routed />
    </SessionProvider>
  );
}
