import { Center, Loader, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { AccountPage } from "./modules/account/AccountPage";
import { AuditPage } from "./modules/admin/AuditPage";
import { LinesPage } from "./modules/admin/LinesPage";
import { UsersPage } from "./modules/admin/UsersPage";
import { useAuth } from "./modules/auth/AuthProvider";
import { LoginPage } from "./modules/auth/LoginPage";
import { CustomersPage } from "./modules/customers/CustomersPage";
import { DeskPage } from "./modules/desk/DeskPage";
import { HomePage } from "./modules/home/HomePage";
import { KnowledgePage } from "./modules/knowledge/KnowledgePage";
import { LiveProvider } from "./modules/live/LiveProvider";
import { MessagesPage } from "./modules/messages/MessagesPage";
import { RecordingsPage } from "./modules/recordings/RecordingsPage";
import { ReportsPage } from "./modules/reports/ReportsPage";
import { ComingSoon } from "./modules/shell/ComingSoon";
import { usePath } from "./modules/shell/router";
import { sectionsFor } from "./modules/shell/sections";
import { Shell } from "./modules/shell/Shell";
import { WallboardPage } from "./modules/wallboard/WallboardPage";
import { MyShiftsPage } from "./modules/workforce/MyShiftsPage";
import { WorkforcePage } from "./modules/workforce/WorkforcePage";

const PAGES: Record<string, () => ReactNode> = {
  "/": () => <HomePage />,
  "/desk": () => <DeskPage />,
  "/wallboard": () => <WallboardPage />,
  "/workforce": () => <WorkforcePage />,
  "/my-shifts": () => <MyShiftsPage />,
  "/lines": () => <LinesPage />,
  "/knowledge": () => <KnowledgePage />,
  "/users": () => <UsersPage />,
  "/audit": () => <AuditPage />,
  "/customers": () => <CustomersPage />,
  "/messages": () => <MessagesPage />,
  "/reports": () => <ReportsPage />,
  "/recordings": () => <RecordingsPage />,
  "/account": () => <AccountPage />,
};

export function App() {
  const { t } = useTranslation();
  const { user, loading } = useAuth();
  const [path, navigate] = usePath();
  if (loading) {
    return (
      <Center mih="100vh">
        <Loader aria-label={t("common.loading")} />
      </Center>
    );
  }
  if (!user) return <LoginPage />;
  const sections = sectionsFor(user.role);
  // A section the role may not open falls back to home rather than showing a broken page.
  const section = sections.find((s) => s.path === path) ?? sections[0]!;
  return (
    <LiveProvider key={user.id}>
      <Shell sections={sections} path={section.path} navigate={navigate}>
        <Title order={2} mb="md" data-testid="page-title">
          {t(section.labelKey)}
        </Title>
        {section.comingSoon ? <ComingSoon /> : (PAGES[section.path] ?? (() => <ComingSoon />))()}
      </Shell>
    </LiveProvider>
  );
}
