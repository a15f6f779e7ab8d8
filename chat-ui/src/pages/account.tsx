import { UpdateProfileBody } from "@ustbites/contracts";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useApp, useSession } from "../app-context.tsx";
import { Button, Card, Field, PageTitle } from "../components/ui.tsx";
import { fieldErrors, problemErrors, type FieldErrors } from "../form-errors.ts";
import { toE164 } from "../phone.ts";

/** The student's name and the mobile number SMS updates go to. */
export function AccountPage() {
  const { api, endpoints } = useApp();
  const current = useSession();
  const [name, setName] = useState(current?.user.name ?? "");
  const [phone, setPhone] = useState(current?.user.phone ?? "");
  const [errors, setErrors] = useState<FieldErrors>({});

  const save = useMutation({
    mutationFn: async (body: UpdateProfileBody) => {
      await endpoints.auth.updateProfile(body);
      // Orders take the phone from the access token: the refresh brings a token with the new number,
      // and the updated user into the session.
      await api.accessToken(true);
    },
    onError: (err) => setErrors(problemErrors(err)),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = UpdateProfileBody.safeParse({ name, phone: toE164(phone) ?? null });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    save.mutate(parsed.data);
  };

  if (!current) return null;
  return (
    <>
      <PageTitle>Account</PageTitle>
      <Card className="max-w-lg p-4 sm:p-5">
        <p className="mb-4 text-sm text-stone-700">
          Signed in as <span className="font-medium text-stone-900">{current.user.email}</span>
        </p>
        <form noValidate onSubmit={submit} className="flex flex-col gap-4">
          <Field
            label="Name"
            name="name"
            autoComplete="name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={errors.name}
          />
          <Field
            label="Mobile number (optional)"
            name="phone"
            type="tel"
            autoComplete="tel"
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
            hint="SMS when your food is picked up and delivered. Leave empty for email only."
            error={errors.phone}
          />
          {errors.form ? (
            <p role="alert" className="text-sm text-red-700">
              {errors.form}
            </p>
          ) : null}
          {save.isSuccess ? (
            <p role="status" className="text-sm text-green-800">
              Saved.
            </p>
          ) : null}
          <Button type="submit" busy={save.isPending}>
            Save
          </Button>
        </form>
      </Card>
    </>
  );
}
