// The landing page: what the app is, what it does, and where to go.
import { Link } from "react-router-dom";
import { APP, PAGES } from "../site";

export default function HomePage() {
  return (
    <section>
      <div className="card hero">
        <h1>{APP.name}</h1>
        <p>{APP.description}</p>
      </div>
      <h2>Features</h2>
      <ul className="features">
        {APP.features.map((feature) => (
          <li key={feature}>{feature}</li>
        ))}
      </ul>
      <div className="cards">
        {PAGES.filter((page) => page.route !== "/").map((page) => (
          <Link key={page.route} className="card page-link" to={page.route}>
            {page.label}
          </Link>
        ))}
      </div>
    </section>
  );
}
