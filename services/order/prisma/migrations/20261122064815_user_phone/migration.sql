-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "user_phone" TEXT;
