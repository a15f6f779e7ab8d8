-- AlterTable
ALTER TABLE "refresh_tokens" ADD COLUMN     "family_expires_at" TIMESTAMPTZ(3);
