-- CreateEnum
CREATE TYPE "Role" AS ENUM ('student', 'staff', 'courier', 'admin');

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "courier_id" UUID,
ADD COLUMN     "restaurant_id" UUID,
ADD COLUMN     "role" "Role" NOT NULL DEFAULT 'student';

-- A staff account always has its restaurant and a courier account its fleet id, and nobody else has either.
ALTER TABLE "users" ADD CONSTRAINT "users_role_link" CHECK (
  ("role" = 'staff') = ("restaurant_id" IS NOT NULL) AND ("role" = 'courier') = ("courier_id" IS NOT NULL)
);
