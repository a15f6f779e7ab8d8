-- AlterEnum
-- COURIER_ASSIGNED is gone (a courier is now assigned while the kitchen prepares). An order that was
-- COURIER_ASSIGNED had its food on the old fixed prep clock, which delivery still follows for it, so it
-- (and its history rows) becomes READY_FOR_PICKUP and the coming delivery.picked_up applies.
BEGIN;
CREATE TYPE "OrderStatus_new" AS ENUM ('PENDING', 'CONFIRMED', 'PREPARING', 'READY_FOR_PICKUP', 'PICKED_UP', 'DELIVERED', 'REJECTED', 'PAYMENT_FAILED', 'CANCELLED');
ALTER TABLE "orders" ALTER COLUMN "status" TYPE "OrderStatus_new" USING (
  CASE WHEN "status"::text = 'COURIER_ASSIGNED' THEN 'READY_FOR_PICKUP' ELSE "status"::text END::"OrderStatus_new"
);
ALTER TABLE "order_events" ALTER COLUMN "status" TYPE "OrderStatus_new" USING (
  CASE WHEN "status"::text = 'COURIER_ASSIGNED' THEN 'READY_FOR_PICKUP' ELSE "status"::text END::"OrderStatus_new"
);
ALTER TYPE "OrderStatus" RENAME TO "OrderStatus_old";
ALTER TYPE "OrderStatus_new" RENAME TO "OrderStatus";
DROP TYPE "OrderStatus_old";
COMMIT;

-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "courier" TEXT,
ADD COLUMN     "ready_by" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "kitchen_sessions" (
    "id" UUID NOT NULL,
    "restaurant_id" UUID NOT NULL,
    "seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "kitchen_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "kitchen_sessions_restaurant_id_seen_at_idx" ON "kitchen_sessions"("restaurant_id", "seen_at");

-- CreateIndex
CREATE INDEX "orders_restaurant_id_status_idx" ON "orders"("restaurant_id", "status");
