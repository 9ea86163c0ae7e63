import { usePlatforms } from '../platforms.js';

/**
 * A platform as a small letter badge (its name's first letter, from /api/platforms: the web names no
 * platform itself) with the full name for screen readers and on hover.
 */
const SHADES = ['#05476b', '#37474f', '#4a148c', '#004d40', '#1a237e', '#3e2723', '#33691e', '#880e4f', '#5d4037'];

export function PlatformBadge({ platform, withName = false }: { platform: string; withName?: boolean }) {
  const { platformName, list } = usePlatforms();
  const name = platformName(platform);
  const index = Math.max(0, list.findIndex((item) => item.id === platform));
  return (
    <span className="platform-badge-wrap" title={name}>
      <span className="platform-badge" style={{ background: SHADES[index % SHADES.length] }} aria-hidden="true">
        {[...name][0]?.toUpperCase() ?? '?'}
      </span>
      {withName ? <span className="platform-name">{name}</span> : <span className="visually-hidden">{name}</span>}
    </span>
  );
}
