-- AlterTable
ALTER TABLE "threads" ADD COLUMN     "busy_until" TIMESTAMPTZ(3);
