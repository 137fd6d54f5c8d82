import type { KnowledgeEntry } from "@moked/contracts";
import { useMemo } from "react";
import type { z } from "zod";
import { useApi } from "../shell/useApi";

export type Knowledge = z.infer<typeof KnowledgeEntry>;

/** A client line's script and knowledge, split by kind (each in the manager's order). */
export function useLineKnowledge(tenantId: string | null | undefined) {
  const resource = useApi<{ items: Knowledge[] }>(tenantId ? `/tenants/${tenantId}/knowledge` : null);
  const items = resource.data?.items;
  const byKind = useMemo(() => {
    const of = (kind: Knowledge["kind"]) => (items ?? []).filter((e) => e.kind === kind);
    return { greeting: of("greeting"), procedure: of("procedure"), faq: of("faq"), wrapUpCodes: of("wrap_up_code").map((e) => e.title) };
  }, [items]);
  return { ...resource, items: items ?? [], ...byKind };
}
