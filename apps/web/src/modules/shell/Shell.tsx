import { AppShell, Burger, Button, Group, NavLink, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useAuth } from "../auth/AuthProvider";
import { LanguageSwitch } from "../i18n/LanguageSwitch";
import { DispatchAlerts } from "../messages/DispatchAlerts";
import { LiveIndicator } from "./LiveIndicator";
import type { Section } from "./sections";

interface ShellProps {
  sections: Section[];
  path: string;
  navigate(path: string): void;
  children: ReactNode;
}

export function Shell({ sections, path, navigate, children }: ShellProps) {
  const { t } = useTranslation();
  const { user, logout } = useAuth();
  const [opened, { toggle }] = useDisclosure();
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 230, breakpoint: "sm", collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t("shell.menu")} />
            <Title order={3}>{t("app.name")}</Title>
            <Text c="dimmed" size="sm" visibleFrom="md">
              {t("app.tagline")}
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <LiveIndicator />
            <Text size="sm" data-testid="user-name">
              {user?.name} · {user && t(`roles.${user.role}`)}
            </Text>
            <LanguageSwitch />
            <Button variant="subtle" size="xs" data-testid="logout" onClick={() => void logout()}>
              {t("shell.logout")}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t("shell.menu")}>
        {sections.map((s) => (
          <NavLink
            key={s.path}
            href={s.path}
            label={t(s.labelKey)}
            active={s.path === path}
            data-testid={`nav-${s.path === "/" ? "home" : s.path.slice(1)}`}
            onClick={(e) => {
              e.preventDefault();
              navigate(s.path);
            }}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <DispatchAlerts navigate={navigate} />
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
