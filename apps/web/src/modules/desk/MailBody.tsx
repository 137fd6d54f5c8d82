import { Alert, Button, Group, SegmentedControl, Text } from "@mantine/core";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

/**
 * What the frame may load: nothing but inline styles and images carried in the mail itself, unless the agent
 * asks for the sender's remote images (which tell the sender the mail was opened).
 */
const policy = (remoteImages: boolean) => `default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:${remoteImages ? " https: http:" : ""}`;
const MAX_HEIGHT = 640;

/** The mail's HTML as a document of its own, escaped only where it sits inside the policy attribute. */
function documentOf(html: string, remoteImages: boolean): string {
  return [
    "<!doctype html><html><head><meta charset=\"utf-8\">",
    `<meta http-equiv="Content-Security-Policy" content="${policy(remoteImages)}">`,
    '<meta name="referrer" content="no-referrer"><base target="_blank">',
    "<style>html,body{margin:0}body{padding:4px 2px;font:14px/1.5 system-ui,sans-serif;color:#1a1b1e;overflow-wrap:anywhere}img{max-width:100%;height:auto}table{max-width:100%}</style>",
    `</head><body dir="auto">${html}</body></html>`,
  ].join("");
}

/**
 * The HTML of a mail, already sanitised by the server, in a sandboxed frame: no script runs in it (the
 * sandbox has no allow-scripts, and its own policy forbids scripts besides), links open in a new tab,
 * and remote images stay unloaded until the agent asks for them.
 */
function MailHtml({ html, remoteImages, title }: { html: string; remoteImages: boolean; title: string }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(80);
  const measure = useCallback(() => {
    const doc = frame.current?.contentDocument;
    if (doc?.documentElement) setHeight(Math.min(MAX_HEIGHT, Math.max(40, doc.documentElement.scrollHeight + 4)));
  }, []);
  useEffect(() => {
    // Images that arrive after load make the mail taller.
    const timer = setTimeout(measure, 400);
    return () => clearTimeout(timer);
  }, [html, remoteImages, measure]);
  return (
    <iframe
      ref={frame}
      title={title}
      data-testid="email-html"
      // Same origin only so the desk can measure its height; without allow-scripts nothing in it can run.
      sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
      referrerPolicy="no-referrer"
      srcDoc={documentOf(html, remoteImages)}
      onLoad={measure}
      style={{ width: "100%", height, border: 0, display: "block", background: "white" }}
    />
  );
}

interface Props {
  text: string;
  html: string | null;
  remoteImages: boolean;
  subject: string;
}

/** A mail's body: its formatted (HTML) version when it has one, its plain text otherwise or on request. */
export function MailBody({ text, html, remoteImages, subject }: Props) {
  const { t } = useTranslation();
  const [view, setView] = useState<"html" | "text">(html ? "html" : "text");
  const [showImages, setShowImages] = useState(false);
  return (
    <>
      {html && (
        <Group gap="xs" justify="space-between">
          <SegmentedControl
            size="xs"
            value={view}
            onChange={(v) => setView(v as "html" | "text")}
            data={[
              { value: "html", label: t("emailPane.formatted") },
              { value: "text", label: t("emailPane.plainText") },
            ]}
            data-testid="email-view"
          />
        </Group>
      )}
      {html && view === "html" && remoteImages && !showImages && (
        <Alert color="gray" variant="light" p={6} data-testid="email-images-blocked">
          <Group gap="xs" justify="space-between" wrap="nowrap">
            <Text size="xs">{t("emailPane.imagesBlocked")}</Text>
            <Button size="compact-xs" variant="default" onClick={() => setShowImages(true)} data-testid="email-show-images">
              {t("emailPane.showImages")}
            </Button>
          </Group>
        </Alert>
      )}
      {html && view === "html" ? (
        <MailHtml html={html} remoteImages={showImages} title={subject || t("emailPane.noSubject")} />
      ) : (
        <Text size="sm" dir="auto" data-testid="email-text" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
          {text}
        </Text>
      )}
    </>
  );
}
