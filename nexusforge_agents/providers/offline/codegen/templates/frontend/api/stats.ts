
// Dashboard data: counts, items added per day and numeric totals per resource.
export interface DashboardStats {
  counts: Record<string, number>;
  series: Record<string, { date: string; count: number }[]>;
  sums: Record<string, Record<string, number>>;
}

export function getStats(): Promise<DashboardStats> {
  return http.request<DashboardStats>("/api/stats");
}
