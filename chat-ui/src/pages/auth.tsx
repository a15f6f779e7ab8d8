import { LoginBody, PASSWORD_MIN_LENGTH, RegisterBody } from "@ustbites/contracts";
import { useState, type FormEvent, type ReactNode } from "react";
import { Link, Navigate, useLocation, useNavigate } from "react-router";
import type { z } from "zod";
import { sessionOf } from "../api/session.ts";
import { useApp, useRestoring, useSession } from "../app-context.tsx";
import { Restoring } from "../components/restoring.tsx";
import { Button, Card, Field } from "../components/ui.tsx";
import { fieldErrors, problemErrors, type FieldErrors } from "../form-errors.ts";
import { toE164 } from "../phone.ts";

function AuthShell({ title, children, footer }: { title: string; children: ReactNode; footer: ReactNode }) {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center px-4 py-8">
      <p className="mb-6 text-center text-2xl font-bold text-brand-700">USTBites</p>
      <Card className="p-5 sm:p-6">
        <h1 className="mb-4 text-xl font-semibold">{title}</h1>
        {children}
      </Card>
      <p className="mt-4 text-center text-sm text-stone-700">{footer}</p>
    </main>
  );
}

function useAfterSignIn() {
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  return () => void navigate(from && from !== "/signin" ? from : "/", { replace: true });
}

/** Form fields as the API wants them: an empty optional phone is left out, a typed one normalised. */
function prepare(values: Record<string, FormDataEntryValue>): Record<string, unknown> {
  if (!("phone" in values)) return values;
  const { phone, ...rest } = values;
  const e164 = toE164(String(phone));
  return e164 === undefined ? rest : { ...rest, phone: e164 };
}

function useAuthForm<S extends z.ZodType>(schema: S, submit: (body: z.output<S>) => Promise<unknown>) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const done = useAfterSignIn();
  const submitForm = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const values = prepare(Object.fromEntries(new FormData(event.currentTarget)));
    const parsed = schema.safeParse(values);
    if (!parsed.success) return setErrors(fieldErrors(parsed.error.issues));
    setErrors({});
    setBusy(true);
    try {
      await submit(parsed.data);
      done();
    } catch (err) {
      setErrors(problemErrors(err));
    } finally {
      setBusy(false);
    }
  };
  // Everything before submitForm's first await (preventDefault, reading the form) runs synchronously, and
  // submitForm handles its own failures, so React may drop the promise.
  const onSubmit = (event: FormEvent<HTMLFormElement>) => void submitForm(event);
  return { errors, busy, onSubmit };
}

export function SignInPage() {
  const { endpoints, session } = useApp();
  const current = useSession();
  const restoring = useRestoring();
  const { errors, busy, onSubmit } = useAuthForm(LoginBody, async (body) =>
    session.set(sessionOf(await endpoints.auth.login(body))),
  );
  if (current) return <Navigate to="/" replace />;
  if (restoring) return <Restoring />;
  return (
    <AuthShell
      title="Sign in"
      footer={
        <>
          New here?{" "}
          <Link className="font-medium text-brand-700 underline" to="/signup">
            Create an account
          </Link>
        </>
      }
    >
      <form noValidate onSubmit={onSubmit} className="flex flex-col gap-4">
        <Field label="Email" name="email" type="email" autoComplete="email" required error={errors.email} />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={errors.password}
        />
        {errors.form ? (
          <p role="alert" className="text-sm text-red-700">
            {errors.form}
          </p>
        ) : null}
        <Button type="submit" busy={busy}>
          Sign in
        </Button>
      </form>
    </AuthShell>
  );
}

export function SignUpPage() {
  const { endpoints, session } = useApp();
  const current = useSession();
  const restoring = useRestoring();
  const { errors, busy, onSubmit } = useAuthForm(RegisterBody, async (body) =>
    session.set(sessionOf(await endpoints.auth.register(body))),
  );
  if (current) return <Navigate to="/" replace />;
  if (restoring) return <Restoring />;
  return (
    <AuthShell
      title="Create your account"
      footer={
        <>
          Have an account?{" "}
          <Link className="font-medium text-brand-700 underline" to="/signin">
            Sign in
          </Link>
        </>
      }
    >
      <form noValidate onSubmit={onSubmit} className="flex flex-col gap-4">
        <Field label="Name" name="name" autoComplete="name" required error={errors.name} />
        <Field label="Email" name="email" type="email" autoComplete="email" required error={errors.email} />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          hint={`At least ${PASSWORD_MIN_LENGTH} characters; not a common or repetitive one.`}
          error={errors.password}
        />
        <Field
          label="Mobile number (optional)"
          name="phone"
          type="tel"
          autoComplete="tel"
          hint="For SMS when your food is picked up and delivered, e.g. 9123 4567."
          error={errors.phone}
        />
        {errors.form ? (
          <p role="alert" className="text-sm text-red-700">
            {errors.form}
          </p>
        ) : null}
        <Button type="submit" busy={busy}>
          Create account
        </Button>
      </form>
    </AuthShell>
  );
}
