/** The work's value, or `undefined` when it has not settled within `ms` (the work itself goes on). */
export async function within<T>(ms: number, work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<{ ok: false }>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false }), ms);
  });
  try {
    return await Promise.race([
      work().then(
        (value) => ({ ok: true as const, value }),
        () => ({ ok: false as const }),
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
