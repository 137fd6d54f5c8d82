import { Badge, Button, Group, Loader, Table } from "@mantine/core";
import type { User } from "@moked/contracts";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useAuth } from "../auth/AuthProvider";
import { useApi } from "../shell/useApi";
import { CreateUserModal } from "./CreateUserModal";

export function UsersPage() {
  const { t } = useTranslation();
  const { user: me } = useAuth();
  const { data, loading, reload } = useApi<{ items: User[] }>("/users");
  const [creating, setCreating] = useState(false);
  if (loading && !data) return <Loader aria-label={t("common.loading")} />;
  return (
    <>
      <Group justify="flex-end" mb="sm">
        {(me?.role === "admin" || me?.role === "center_manager") && <Button onClick={() => setCreating(true)}>{t("users.create")}</Button>}
      </Group>
      <Table striped highlightOnHover data-testid="users-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("users.name")}</Table.Th>
            <Table.Th>{t("users.email")}</Table.Th>
            <Table.Th>{t("users.role")}</Table.Th>
            <Table.Th>{t("users.languages")}</Table.Th>
            <Table.Th>{t("users.active")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data?.items.map((u) => (
            <Table.Tr key={u.id}>
              <Table.Td>{u.name}</Table.Td>
              <Table.Td dir="ltr">{u.email}</Table.Td>
              <Table.Td>{t(`roles.${u.role}`)}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {u.languages.map((l) => (
                    <Badge key={l} size="xs" variant="light">
                      {t(`languages.${l}`, { defaultValue: l })}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>{u.active ? t("common.yes") : t("common.no")}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <CreateUserModal
        opened={creating}
        canGrantAdmin={me?.role === "admin"}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          reload();
        }}
      />
    </>
  );
}
