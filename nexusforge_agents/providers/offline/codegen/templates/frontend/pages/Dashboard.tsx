// KPIs and charts over every resource, refreshed every 15 seconds.
import { useEffect, useState } from "react";
import { entityFields, entityLabels, getStats, type DashboardStats } from "../api";
import { BarChart, LineChart } from "../components/Charts";
import { errorMessage } from "../lib/http";

const PLURALS = Object.keys(entityLabels) as (keyof typeof entityLabels)[];

function fieldLabel(plural: keyof typeof entityLabels, name: string): string {
  return entityFields[plural].find((field) => field.name === name)?.label ?? name;
}

export default function DashboardPage() {
  const [stats, setStats] = useState<DashboardStats | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const load = () =>
      getStats()
        .then((next) => {
          setStats(next);
          setError(null);
        })
        .catch((err: unknown) => setError(errorMessage(err)));
    void load();
    const timer = window.setInterval(() => void load(), 15000);
    return () => window.clearInterval(timer);
  }, []);

  if (!stats) {
    return <section className="card">{error ? <p className="error">{error}</p> : <p className="muted">Loading…</p>}</section>;
  }
  return (
    <section>
      <h1>Dashboard</h1>
      {error && <p className="error">{error}</p>}
      <div className="kpis">
        {PLURALS.map((plural) => (
          <div key={plural} className="card kpi">
            <span className="kpi-value">{stats.counts[plural] ?? 0}</span>
            <span className="kpi-label">{entityLabels[plural].many}</span>
          </div>
        ))}
        {PLURALS.flatMap((plural) =>
          Object.entries(stats.sums[plural] ?? {}).map(([name, total]) => (
            <div key={`${plural}.${name}`} className="card kpi">
              <span className="kpi-value">{total.toLocaleString(undefined, { maximumFractionDigits: 2 })}</span>
              <span className="kpi-label">
                Total {fieldLabel(plural, name).toLowerCase()} ({entityLabels[plural].many.toLowerCase()})
              </span>
            </div>
          )),
        )}
      </div>
      <div className="charts">
        <div className="card">
          <BarChart
            title="How many of each"
            points={PLURALS.map((plural) => ({ label: entityLabels[plural].many, value: stats.counts[plural] ?? 0 }))}
          />
        </div>
        {PLURALS.map((plural) => (
          <div key={plural} className="card">
            <LineChart
              title={`${entityLabels[plural].many} added per day`}
              points={(stats.series[plural] ?? []).map((day) => ({ label: day.date, value: day.count }))}
            />
          </div>
        ))}
      </div>
    </section>
  );
}
