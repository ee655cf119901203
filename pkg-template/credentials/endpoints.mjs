// Where the services the chain calls are: their AWS endpoints, or the overrides every AWS SDK
// honours (AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, and the config file's `services`
// section and `endpoint_url`), which is also how tests point them at local servers.
import { value } from './shared-files.mjs';

/** The service ids, as the env variables and `services` sections spell them. */
const SERVICES = {
  sts: { env: 'STS', key: 'sts' },
  sso: { env: 'SSO', key: 'sso' },
  ssoOidc: { env: 'SSO_OIDC', key: 'sso_oidc' },
};

const truthy = (text) => typeof text === 'string' && text.toLowerCase() === 'true';

/**
 * The configured endpoint of a service, or undefined for its default.
 * @param {'sts' | 'sso' | 'ssoOidc'} service
 */
export function configuredEndpoint(service, { profile, files, env = process.env } = {}) {
  const { env: envName, key } = SERVICES[service];
  if (truthy(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS) || truthy(value(profile, 'ignore_configured_endpoint_urls'))) return undefined;
  const fromEnv = env[`AWS_ENDPOINT_URL_${envName}`] || env.AWS_ENDPOINT_URL;
  if (fromEnv) return fromEnv;
  const servicesName = value(profile, 'services');
  const section = servicesName ? files?.services?.[servicesName]?.[key] : undefined;
  const fromServices = typeof section === 'object' ? section.endpoint_url : undefined;
  return fromServices || value(profile, 'endpoint_url') || undefined;
}

/** The SSO portal: `https://portal.sso.{region}.amazonaws.com`, or its override. */
export const ssoPortalEndpoint = (region, context) =>
  configuredEndpoint('sso', context) ?? `https://portal.sso.${region}.${dnsSuffix(region)}`;

/** SSO OIDC: `https://oidc.{region}.amazonaws.com`, or its override. */
export const ssoOidcEndpoint = (region, context) =>
  configuredEndpoint('ssoOidc', context) ?? `https://oidc.${region}.${dnsSuffix(region)}`;

const dnsSuffix = (region) => (region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com');

/** Checks a region before it goes into a host name. */
export function checkRegion(region, what) {
  if (typeof region !== 'string' || !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(region)) {
    return `${what} ${JSON.stringify(String(region))} is not a region name (such as "us-east-1")`;
  }
  return null;
}

/** `base` joined with `path`, keeping any path prefix of the base. */
export function joinUrl(base, path) {
  return base.replace(/\/+$/, '') + path;
}
