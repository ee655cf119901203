#!/usr/bin/env node
// npm run demo: the main job. Installs what is missing, builds the package, starts the local
// Connect emulator and describes a phone number by UUID and by ARN, then shows a typed error.
//
// With real AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
// AWS_SESSION_TOKEN) and `npm run demo -- --region R --id ID`, it calls Amazon Connect instead.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: { region: { type: 'string' }, id: { type: 'string' }, endpoint: { type: 'string' }, 'skip-build': { type: 'boolean' } },
});

if (!args['skip-build']) {
  execFileSync('bash', ['scripts/setup.sh'], { cwd: root, stdio: 'inherit', env: { ...process.env, SKIP_BROWSER: '1', SKIP_RUNTIMES: '1' } });
  execFileSync('node', ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
}
const { ConnectClient, fromCognitoIdentityPool } = await import(pathToFileURL(join(root, 'pkg/node.mjs')).href);

const show = (title, value) => console.log(`\n${title}\n${JSON.stringify(value, null, 2)}`);
const showError = (title, error) =>
  console.log(`\n${title}\n  name:      ${error.name}\n  message:   ${error.message}\n  $fault:    ${error.$fault}\n  $metadata: ${JSON.stringify(error.$metadata)}`);

if (args.id && !args.endpoint) {
  // Real Amazon Connect.
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = process.env;
  const region = args.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!accessKeyId || !secretAccessKey || !region) {
    console.error('Set AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN) and pass --region R --id ID.');
    process.exit(2);
  }
  const client = new ConnectClient({ region, credentials: { accessKeyId, secretAccessKey, sessionToken } });
  try {
    show(`DescribePhoneNumber ${args.id} in ${region}`, await client.describePhoneNumber({ PhoneNumberId: args.id }));
  } catch (error) {
    showError('Amazon Connect answered with an error', error);
    process.exitCode = 1;
  }
} else {
  const { startEmulator, FIXTURES, CREDENTIALS, UNKNOWN_ID } = await import(pathToFileURL(join(root, 'tests/emulator/server.mjs')).href);
  const emulator = args.endpoint ? null : await startEmulator({ region: args.region ?? 'us-west-2' });
  const endpoint = args.endpoint ?? emulator.url;
  console.log(`\nLocal Amazon Connect emulator at ${endpoint} (it verifies every SigV4 signature)`);
  const client = new ConnectClient({ region: args.region ?? 'us-west-2', endpoint, credentials: CREDENTIALS.temporary });
  try {
    const sample = FIXTURES.US_DID_CLAIMED.summary;
    const id = args.id ?? sample.PhoneNumberId;
    show(`DescribePhoneNumber by UUID ${id}`, await client.describePhoneNumber({ PhoneNumberId: id }));
    const arn = sample.PhoneNumberArn;
    show(`DescribePhoneNumber by ARN ${arn}`, await client.describePhoneNumber({ PhoneNumberId: arn }));
    try {
      await client.describePhoneNumber({ PhoneNumberId: UNKNOWN_ID });
    } catch (error) {
      showError(`DescribePhoneNumber ${UNKNOWN_ID} (not claimed) fails with a typed error:`, error);
    }
    if (emulator) {
      // Credentials as a browser console gets them: from a Cognito identity pool (the
      // emulator serves Cognito Identity too), with no keys in the code.
      const { COGNITO_POOL } = await import(pathToFileURL(join(root, 'tests/emulator/fixtures.mjs')).href);
      const cognito = fromCognitoIdentityPool({ identityPoolId: COGNITO_POOL.id, endpoint, cache: false });
      const viaCognito = new ConnectClient({ region: args.region ?? 'us-west-2', endpoint, credentials: cognito });
      const out = await viaCognito.describePhoneNumber({ PhoneNumberId: sample.PhoneNumberId });
      const { identityId, expiration } = await cognito();
      console.log(`\nDescribePhoneNumber with credentials from Cognito identity pool ${COGNITO_POOL.id}` +
        ` (identity ${identityId}, credentials until ${expiration.toISOString()}):\n  ${out.ClaimedPhoneNumberSummary.PhoneNumber}` +
        ` ${out.ClaimedPhoneNumberSummary.PhoneNumberStatus?.Status}, request id ${out.$metadata.requestId}`);
    }
  } finally {
    await emulator?.close();
  }
}
