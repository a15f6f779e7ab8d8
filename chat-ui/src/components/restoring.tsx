import { Spinner } from "./ui.tsx";

/** While a reload signs the student back in through the refresh cookie. */
export function Restoring() {
  return (
    <main className="grid min-h-dvh place-items-center">
      <Spinner label="Signing you in…" />
    </main>
  );
}
