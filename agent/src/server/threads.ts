import type { Thread } from "@ustbites/contracts";
import { newId, notFound } from "@ustbites/kit";
import type { PrismaClient, Thread as ThreadRow } from "../generated/prisma/client.ts";

const TITLE_LENGTH = 60;

const toThread = (row: ThreadRow): Thread => ({
  id: row.id,
  title: row.title,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export function titleFrom(message: string): string {
  const oneLine = message.replace(/\s+/g, " ").trim();
  return oneLine.length <= TITLE_LENGTH ? oneLine : `${oneLine.slice(0, TITLE_LENGTH - 1)}…`;
}

export function createThreadRepository(prisma: PrismaClient) {
  return {
    async create(userId: string, firstMessage: string): Promise<Thread> {
      return toThread(await prisma.thread.create({ data: { id: newId(), userId, title: titleFrom(firstMessage) } }));
    },

    /** Another student's thread is "not found", never "forbidden": ids do not leak. */
    async getOwned(id: string, userId: string): Promise<Thread> {
      const row = await prisma.thread.findFirst({ where: { id, userId } });
      if (!row) throw notFound("No such thread");
      return toThread(row);
    },

    async touch(id: string): Promise<void> {
      await prisma.thread.update({ where: { id }, data: { updatedAt: new Date() } });
    },

    /** Takes the thread for one turn of at most `ms`; false when another turn still holds it. */
    async claim(id: string, ms: number): Promise<boolean> {
      const now = new Date();
      const { count } = await prisma.thread.updateMany({
        where: { id, OR: [{ busyUntil: null }, { busyUntil: { lt: now } }] },
        data: { busyUntil: new Date(now.getTime() + ms), updatedAt: now },
      });
      return count === 1;
    },

    async release(id: string): Promise<void> {
      await prisma.thread.updateMany({ where: { id }, data: { busyUntil: null } });
    },

    async list(userId: string, limit: number, offset: number) {
      const [rows, total] = await prisma.$transaction([
        prisma.thread.findMany({ where: { userId }, orderBy: { updatedAt: "desc" }, take: limit, skip: offset }),
        prisma.thread.count({ where: { userId } }),
      ]);
      return { items: rows.map(toThread), total, limit, offset };
    },
  };
}

export type ThreadRepository = ReturnType<typeof createThreadRepository>;
