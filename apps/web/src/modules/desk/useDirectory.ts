import { useMemo } from "react";
import { useApi } from "../shell/useApi";
import type { QueueInfo, Tenant } from "./types";

/** Names of client lines and queues by id, for showing contacts and queue figures. */
export function useDirectory() {
  const tenants = useApi<{ items: Tenant[] }>("/tenants");
  const queues = useApi<{ items: QueueInfo[] }>("/queues");
  return useMemo(() => {
    const lines = new Map((tenants.data?.items ?? []).map((t) => [t.id, t.name]));
    const queueList = queues.data?.items ?? [];
    const queueNames = new Map(queueList.map((q) => [q.id, q.name]));
    return {
      lineName: (id: string | null | undefined) => (id ? (lines.get(id) ?? "") : ""),
      queueName: (id: string | null | undefined) => (id ? (queueNames.get(id) ?? "") : ""),
      queuesOf: (tenantId: string) => queueList.filter((q) => q.tenantId === tenantId && q.active),
    };
  }, [tenants.data, queues.data]);
}

export type Directory = ReturnType<typeof useDirectory>;
