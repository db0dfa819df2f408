import { AppShell, Badge, Burger, Button, Group, NavLink, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { useSession } from './session';

export function Layout({ children }: { children: ReactNode }) {
  const [opened, { toggle, close }] = useDisclosure(false);
  const { session, signOut, can } = useSession();
  const location = useLocation();
  const links = [
    { to: '/', label: 'Inbox', show: true },
    { to: '/tokens', label: 'API tokens', show: true },
    { to: '/users', label: 'Users', show: can('users:manage') },
    { to: '/audit', label: 'Audit log', show: can('audit:read') },
  ];
  const active = (to: string) => (to === '/' ? location.pathname === '/' || location.pathname.startsWith('/conversations') : location.pathname.startsWith(to));
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: { sm: 170, lg: 220 }, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Title order={1} size="h4">
              csbot console
            </Title>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" visibleFrom="xs" truncate>
              {session?.user.displayName}
            </Text>
            <Badge variant="light" aria-label={`role ${session?.user.role ?? ''}`}>
              {session?.user.role}
            </Badge>
            <Button variant="subtle" size="compact-sm" onClick={() => void signOut()}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        {links
          .filter((l) => l.show)
          .map((l) => (
            <NavLink key={l.to} component={Link} to={l.to} label={l.label} active={active(l.to)} onClick={close} aria-current={active(l.to) ? 'page' : undefined} />
          ))}
      </AppShell.Navbar>
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  );
}
