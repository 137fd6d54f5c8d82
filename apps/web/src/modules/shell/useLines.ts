import { useMemo } from "react";
import type { Tenant } from "../desk/types";
import { useApi } from "./useApi";

/** The client lines the user may see, sorted by name, with a name lookup. */
export function useLines() {
  const { data } = useApi<{ items: Tenant[] }>("/tenants");
  return useMemo(() => {
    const lines = [...(data?.items ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    const names = new Map(lines.map((l) => [l.id, l.name]));
    return { lines, loaded: data !== null, lineName: (id: string) => names.get(id) ?? "" };
  }, [data]);
}
