import type { Core } from '@strapi/strapi';

import { checkBodySignature, SIGNATURE_TOLERANCE_SECONDS } from '../domain/signed-tokens';
import type { Context } from './http';
import { getPluginConfig } from './plugin';

/**
 * The signature of the webhooks a mail provider or relay posts (the delivery events, the
 * inbound messages): `X-Dunning-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<raw body>">` under the shared secret (`deliveryEvents.secret`,
 * domain/signed-tokens.ts).
 */

const SIGNATURE_REFUSALS = {
  missing: 'missing, or not of the form t=<unix seconds>,v1=<hex HMAC-SHA256>',
  signature: 'not the signature of this timestamp and body',
  stale: `signed more than ${SIGNATURE_TOLERANCE_SECONDS} seconds away from now`,
};

/** The refusal of a request that carries no signature at all: answered before its body is read or checked. */
export const unsignedRefusal = (ctx: Context): string | null =>
  ctx.get('x-dunning-signature') ? null : `X-Dunning-Signature: ${SIGNATURE_REFUSALS.missing}`;

/** Why a request's signature of `rawBody` is refused, for its 401; null when it is fresh and right. */
export const signatureRefusal = (
  strapi: Core.Strapi,
  ctx: Context,
  rawBody: string | Buffer,
  now = new Date()
): string | null => {
  const check = checkBodySignature(
    getPluginConfig(strapi).deliveryEvents.secret,
    rawBody,
    ctx.get('x-dunning-signature') || undefined,
    now
  );
  return 'refused' in check ? `X-Dunning-Signature: ${SIGNATURE_REFUSALS[check.refused]}` : null;
};
