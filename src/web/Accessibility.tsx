import { STATEMENTS, type Block } from './accessibility-statement.js';
import './admin.css';
import { formatDay } from './admin/common.js';
import { useT } from './dictionary.js';

/**
 * The accessibility statement (toegankelijkheidsverklaring) in the interface's language. Needs no
 * login and no API: it can be shown to anyone, from the footer of every screen.
 */
export function Accessibility() {
  const t = useT();
  const lang = t.admin.lang;
  const statement = STATEMENTS[lang];
  return (
    <article aria-labelledby="accessibility-title" className="statement-page" data-testid="accessibility-statement">
      <h1 id="accessibility-title">{statement.title}</h1>
      <p className="statement-date">
        {statement.dateLabel}: <time dateTime={statement.date}>{formatDay(statement.date, lang)}</time>
      </p>
      {statement.sections.map((section) => (
        <section key={section.id} aria-labelledby={`statement-${section.id}`}>
          <h2 id={`statement-${section.id}`}>{section.heading}</h2>
          {section.blocks.map((block, index) => (
            <StatementBlock key={index} block={block} />
          ))}
        </section>
      ))}
    </article>
  );
}

function StatementBlock({ block }: { block: Block }) {
  if ('p' in block) return <p>{block.p}</p>;
  if ('list' in block) {
    return (
      <ul>
        {block.list.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    );
  }
  return (
    <dl className="pairs">
      {block.pairs.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{linked(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** An e-mail address or a web address as a link; anything else as text. */
function linked(value: string) {
  if (/^[^\s@]+@[^\s@]+$/.test(value)) return <a href={`mailto:${value}`}>{value}</a>;
  if (/^www\.[^\s]+$/.test(value)) return <a href={`https://${value}`}>{value}</a>;
  return value;
}
