-- AlterTable
ALTER TABLE "restaurants" ADD COLUMN     "hours_set_by_staff_at" TIMESTAMPTZ(3);
