// Local stand-ins for the services the Node credential chain calls, on one 127.0.0.1 port:
// - STS (POST /, awsQuery): AssumeRole, whose SigV4 signature is checked by the emulator's
//   verifier, and AssumeRoleWithWebIdentity, whose token must be one the test registered;
// - the SSO portal (GET /federation/credentials) and SSO OIDC (POST /token);
// - EC2 instance metadata, IMDSv2 (PUT /latest/api/token, GET /latest/meta-data/iam/...);
// - the ECS container endpoint (GET /ecs/credentials, with an Authorization token).
// Every credential it issues is registered with the Connect emulator (`onIssue`), so a describe
// signed with it succeeds; each issue gets fresh keys, so tests can tell sources apart.
import http from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { verifySigV4 } from '../../pkg/emulator/verify.mjs';
import { smithyVerifier } from '../emulator/smithy-verify.mjs';

const ISO = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const xmlEscape = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export async function startFakeAws({ onIssue = () => {}, now = () => Date.now() } = {}) {
  const log = [];
  const sourceCredentials = new Map(); // accessKeyId -> { secretAccessKey, sessionToken? }
  const webIdentityTokens = new Set();
  const ssoTokens = new Map(); // bearer -> { accountId, roleName } | true (any role)
  const refreshTokens = new Map(); // refreshToken -> { clientId, clientSecret }
  const faults = new Map(); // service -> [{ status, body, headers }...]
  let imdsToken = null;
  const imds = { role: 'connect-ops-role', v1: false, tokenStatus: 200 };
  const ecs = { authorization: undefined };
  let serial = 0;

  function issue(kind, lifetimeMs = 3600_000) {
    serial += 1;
    const credentials = {
      accessKeyId: `ASIA${kind.toUpperCase().replace(/[^A-Z]/g, '').slice(0, 6).padEnd(6, 'X')}${String(serial).padStart(6, '0')}`,
      secretAccessKey: `secret-${kind}-${randomBytes(12).toString('hex')}`,
      sessionToken: `token-${kind}-${randomBytes(24).toString('base64url')}`,
      expiration: new Date(now() + lifetimeMs),
    };
    sourceCredentials.set(credentials.accessKeyId, credentials);
    onIssue(credentials, kind);
    return credentials;
  }

  const takeFault = (service) => faults.get(service)?.shift();

  const stsXml = (action, c) => `<?xml version="1.0" encoding="UTF-8"?>
<${action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <${action}Result>
    <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/fake/session</Arn><AssumedRoleId>AROAFAKE:session</AssumedRoleId></AssumedRoleUser>
    <Credentials>
      <AccessKeyId>${c.accessKeyId}</AccessKeyId>
      <SecretAccessKey>${xmlEscape(c.secretAccessKey)}</SecretAccessKey>
      <SessionToken>${xmlEscape(c.sessionToken)}</SessionToken>
      <Expiration>${ISO(c.expiration.getTime())}</Expiration>
    </Credentials>
  </${action}Result>
  <ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata>
</${action}Response>`;
  const stsError = (res, status, code, message) => {
    res.writeHead(status, { 'content-type': 'text/xml' });
    res.end(`<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`);
  };
  const sendJson = (res, status, body, headers = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  async function handleSts(req, res, rawPath, rawQuery, body) {
    const form = new URLSearchParams(body.toString('utf8'));
    const action = form.get('Action');
    log.push({ service: 'sts', action, form: Object.fromEntries(form), authorization: req.headers.authorization });
    const fault = takeFault('sts');
    if (fault) return stsError(res, fault.status, fault.code, fault.message ?? 'injected');
    if (form.get('Version') !== '2011-06-15') return stsError(res, 400, 'InvalidAction', 'bad Version');
    if (action === 'AssumeRole') {
      const check = {
        method: req.method, path: rawPath, query: rawQuery, headers: req.headers, body,
        service: 'sts', region: ['us-east-1', 'us-west-2', 'eu-west-1'], nowMs: now(),
        findCredential: (id) => {
          const c = sourceCredentials.get(id);
          return c && { accessKeyId: id, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, expiresAt: c.expiration?.getTime() };
        },
      };
      // The emulator's verifier (the package's own signer), then @smithy/signature-v4, so a
      // bug our signer and verifier share cannot pass.
      const failure = (await verifySigV4(check)) ?? (await smithyVerifier(check));
      if (failure) return stsError(res, failure.status ?? 403, failure.name, failure.message);
      if (!/^arn:aws:iam::\d{12}:role\//.test(form.get('RoleArn') ?? '')) return stsError(res, 400, 'ValidationError', 'bad RoleArn');
      return void res.writeHead(200, { 'content-type': 'text/xml' }).end(stsXml(action, issue('assumed')));
    }
    if (action === 'AssumeRoleWithWebIdentity') {
      if (req.headers.authorization) return stsError(res, 400, 'InvalidRequest', 'AssumeRoleWithWebIdentity is unsigned');
      if (!webIdentityTokens.has(form.get('WebIdentityToken'))) return stsError(res, 400, 'InvalidIdentityToken', 'The web identity token that was passed could not be validated');
      return void res.writeHead(200, { 'content-type': 'text/xml' }).end(stsXml(action, issue('webid')));
    }
    return stsError(res, 400, 'InvalidAction', `unknown action ${action}`);
  }

  function handleSso(req, res, url) {
    const bearer = req.headers['x-amz-sso_bearer_token'];
    const roleName = url.searchParams.get('role_name');
    const accountId = url.searchParams.get('account_id');
    log.push({ service: 'sso', roleName, accountId, bearer });
    const fault = takeFault('sso');
    if (fault) return sendJson(res, fault.status, { message: fault.message ?? 'injected' }, { 'x-amzn-errortype': fault.code ?? 'InternalServerException' });
    const grant = ssoTokens.get(bearer);
    if (!grant) return sendJson(res, 401, { message: 'Session token not found or invalid' }, { 'x-amzn-errortype': 'UnauthorizedException:http://internal.amazon.com/coral/com.amazonaws.switchboard.portal/' });
    if (grant !== true && (grant.accountId !== accountId || grant.roleName !== roleName)) return sendJson(res, 403, { message: 'No access' }, { 'x-amzn-errortype': 'ForbiddenException' });
    const c = issue('sso');
    return sendJson(res, 200, { roleCredentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, expiration: c.expiration.getTime() } });
  }

  function handleOidc(req, res, body) {
    let input;
    try {
      input = JSON.parse(body.toString('utf8'));
    } catch {
      return sendJson(res, 400, { error: 'invalid_request' });
    }
    log.push({ service: 'oidc', input });
    const fault = takeFault('oidc');
    if (fault) return sendJson(res, fault.status, { error: fault.code ?? 'invalid_grant' });
    const known = refreshTokens.get(input.refreshToken);
    if (input.grantType !== 'refresh_token' || !known || known.clientId !== input.clientId || known.clientSecret !== input.clientSecret) {
      return sendJson(res, 400, { error: 'invalid_grant', error_description: 'bad refresh' });
    }
    refreshTokens.delete(input.refreshToken);
    const accessToken = `sso-access-${randomBytes(16).toString('hex')}`;
    const refreshToken = `sso-refresh-${randomBytes(16).toString('hex')}`;
    ssoTokens.set(accessToken, known.grant ?? true);
    refreshTokens.set(refreshToken, known);
    return sendJson(res, 200, { accessToken, expiresIn: 28800, refreshToken, tokenType: 'Bearer' });
  }

  function handleImds(req, res, path) {
    log.push({ service: 'imds', method: req.method, path, token: req.headers['x-aws-ec2-metadata-token'] });
    if (imds.hang) return; // never answers
    if (path === '/latest/api/token' && req.method === 'PUT') {
      if (imds.tokenStatus !== 200) return void res.writeHead(imds.tokenStatus).end();
      if (!req.headers['x-aws-ec2-metadata-token-ttl-seconds']) return void res.writeHead(400).end();
      imdsToken = `imds-${randomBytes(12).toString('hex')}`;
      return void res.writeHead(200, { 'content-type': 'text/plain' }).end(imdsToken);
    }
    const tokenOk = req.headers['x-aws-ec2-metadata-token'] === imdsToken && imdsToken !== null;
    if (!tokenOk && !imds.v1) return void res.writeHead(401).end();
    const prefix = '/latest/meta-data/iam/security-credentials/';
    if (req.method === 'GET' && path === prefix) {
      // No instance profile: the list is not there.
      if (imds.role === null) return void res.writeHead(404).end();
      return void res.writeHead(200, { 'content-type': 'text/plain' }).end(`${imds.role}\n`);
    }
    if (req.method === 'GET' && path === prefix + imds.role) {
      const c = issue('imds');
      return sendJson(res, 200, { Code: 'Success', Type: 'AWS-HMAC', AccessKeyId: c.accessKeyId, SecretAccessKey: c.secretAccessKey, Token: c.sessionToken, Expiration: ISO(c.expiration.getTime()), LastUpdated: ISO(now()) });
    }
    return void res.writeHead(404).end();
  }

  function handleEcs(req, res) {
    log.push({ service: 'ecs', authorization: req.headers.authorization });
    const fault = takeFault('ecs');
    if (fault) return fault.status === 0 ? req.socket.destroy() : sendJson(res, fault.status, { message: fault.message ?? 'injected' });
    if (ecs.authorization !== undefined && req.headers.authorization !== ecs.authorization) return sendJson(res, 403, { message: 'bad authorization token' });
    const c = issue('ecs');
    return sendJson(res, 200, { AccessKeyId: c.accessKeyId, SecretAccessKey: c.secretAccessKey, Token: c.sessionToken, Expiration: ISO(c.expiration.getTime()), RoleArn: 'arn:aws:iam::123456789012:role/task' });
  }

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const [rawPath, rawQuery = ''] = req.url.split('?');
      const url = new URL(req.url, 'http://127.0.0.1');
      try {
        if (req.method === 'POST' && rawPath === '/') return await handleSts(req, res, rawPath, rawQuery, body);
        if (rawPath === '/federation/credentials') return handleSso(req, res, url);
        if (req.method === 'POST' && rawPath === '/token') return handleOidc(req, res, body);
        if (rawPath.startsWith('/latest/')) return handleImds(req, res, rawPath);
        if (rawPath.startsWith('/ecs/')) return handleEcs(req, res);
        res.writeHead(404).end();
      } catch (e) {
        res.writeHead(500).end(String(e?.stack ?? e));
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    log,
    imds,
    ecs,
    /** Makes `credentials` valid source credentials for AssumeRole (and returns them). */
    trust(credentials) {
      sourceCredentials.set(credentials.accessKeyId, credentials);
      return credentials;
    },
    /** Registers a web identity token STS accepts. */
    acceptWebIdentityToken: (token) => webIdentityTokens.add(token),
    /** Registers an SSO access token the portal accepts (for one account and role, or any). */
    acceptSsoToken: (token, grant = true) => ssoTokens.set(token, grant),
    /** Registers an OIDC refresh token and its client. */
    acceptRefreshToken: (refreshToken, client) => refreshTokens.set(refreshToken, client),
    /** Queues one fault for a service: { status, code?, message? }. */
    fault(service, fault) {
      if (!faults.has(service)) faults.set(service, []);
      faults.get(service).push(fault);
    },
    requests: (service) => log.filter((entry) => entry.service === service),
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
