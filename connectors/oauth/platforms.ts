import { facebookOAuth, messengerOAuth } from '../facebook/oauth.js';
import { googleOAuth } from '../google/oauth.js';
import { instagramOAuth } from '../instagram/oauth.js';
import { linkedinOAuth } from '../linkedin/oauth.js';
import type { Platform } from '../platforms.js';
import { xOAuth } from '../x/oauth.js';
import { youtubeOAuth } from '../youtube/oauth.js';
import type { OAuthPlatform } from './types.js';

/** The platforms a channel can be connected to through OAuth (each descriptor says `oauth: true`). */
const FLOWS: Partial<Record<Platform, OAuthPlatform>> = {
  x: xOAuth,
  facebook: facebookOAuth,
  messenger: messengerOAuth,
  instagram: instagramOAuth,
  linkedin: linkedinOAuth,
  youtube: youtubeOAuth,
  google: googleOAuth,
};

export function oauthFlowOf(platform: Platform): OAuthPlatform | undefined {
  return FLOWS[platform];
}
