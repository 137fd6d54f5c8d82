import "@mantine/core/styles.css";
import "./modules/i18n/i18n";
import { DirectionProvider, MantineProvider, useDirection } from "@mantine/core";
import { StrictMode, useEffect } from "react";
import { createRoot } from "react-dom/client";
import { useTranslation } from "react-i18next";
import { App } from "./App";
import { AuthProvider } from "./modules/auth/AuthProvider";
import { directionOf } from "./modules/i18n/i18n";

/** Tells Mantine the direction whenever the language changes, so its components mirror with the page. */
function DirectionSync() {
  const { i18n } = useTranslation();
  const { setDirection } = useDirection();
  useEffect(() => setDirection(directionOf(i18n.language)), [i18n.language, setDirection]);
  return null;
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <DirectionProvider initialDirection={directionOf(localStorage.getItem("moked.lang") ?? "he")} detectDirection={false}>
      <MantineProvider>
        <DirectionSync />
        <AuthProvider>
          <App />
        </AuthProvider>
      </MantineProvider>
    </DirectionProvider>
  </StrictMode>,
);
