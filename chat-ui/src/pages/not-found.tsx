import { Link } from "react-router";
import { PageTitle } from "../components/ui.tsx";

export function NotFoundPage() {
  return (
    <>
      <PageTitle>Page not found</PageTitle>
      <p className="text-stone-700">
        Nothing lives at this address.{" "}
        <Link to="/" className="font-medium text-brand-700 underline">
          Back to the chat
        </Link>
        .
      </p>
    </>
  );
}
