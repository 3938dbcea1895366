
// Dashboard data: counts, items added per day and numeric totals per resource. This app has no /api/stats
// endpoint, so they are computed here from the list endpoints (up to 500 rows per resource).
export interface DashboardStats {
  counts: Record<string, number>;
  series: Record<string, { date: string; count: number }[]>;
  sums: Record<string, Record<string, number>>;
}

export async function getStats(): Promise<DashboardStats> {
  const stats: DashboardStats = { counts: {}, series: {}, sums: {} };
  for (const plural of Object.keys(api) as (keyof typeof api)[]) {
    const rows: http.Row[] = await api[plural].list({ limit: 500 });
    const perDay = new Map<string, number>();
    for (const row of rows) {
      const day = row.created_at.slice(0, 10);
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    const numeric = entityFields[plural].filter((field) => field.type === "integer" || field.type === "float");
    stats.counts[plural] = rows.length;
    stats.series[plural] = [...perDay].sort(([a], [b]) => a.localeCompare(b)).map(([date, count]) => ({ date, count }));
    stats.sums[plural] = Object.fromEntries(
      numeric.map((field) => [field.name, rows.reduce((total, row) => total + (Number(row[field.name]) || 0), 0)]),
    );
  }
  return stats;
}
