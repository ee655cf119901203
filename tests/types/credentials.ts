// connect-phone-wasm/credentials: the providers fit ConnectClient's `credentials`, and their
// options are checked.
import { ConnectClient } from 'connect-phone-wasm';
import {
  fromNodeProviderChain, fromEnv, fromIni, fromProcess, fromSSO, fromTokenFile, fromContainerMetadata,
  fromInstanceMetadata, CredentialsProviderError, type AwsCredentialIdentity,
} from 'connect-phone-wasm/credentials';

const providers = [
  fromNodeProviderChain(),
  fromNodeProviderChain({ profile: 'ops', clientConfig: { region: 'us-west-2' } }),
  fromEnv(),
  fromIni({ profile: 'ops', filepath: '/tmp/credentials', configFilepath: '/tmp/config' }),
  fromProcess({ profile: 'ops' }),
  fromSSO({ profile: 'sso' }),
  fromTokenFile({ webIdentityTokenFile: '/var/run/token', roleArn: 'arn:aws:iam::1:role/r', roleSessionName: 's' }),
  fromContainerMetadata({ timeout: 1000, maxRetries: 3 }),
  fromInstanceMetadata({ timeout: 1000 }),
];
for (const credentials of providers) new ConnectClient({ region: 'us-west-2', credentials });
// In Node, no credentials: the chain.
new ConnectClient({ region: 'us-west-2' });

async function use(): Promise<AwsCredentialIdentity> {
  try {
    return await fromIni({ profile: 'ops' })();
  } catch (e) {
    if (e instanceof CredentialsProviderError) {
      const next: boolean = e.tryNextLink;
      const tried: string[] = (e.tried ?? []).map((t) => `${t.source}: ${t.message}`);
      void next;
      void tried;
    }
    throw e;
  }
}
void use;

// @ts-expect-error the profile is a string
fromIni({ profile: 7 });
// @ts-expect-error no such option
fromInstanceMetadata({ retries: 3 });
// @ts-expect-error fromEnv takes no options
fromEnv({ profile: 'x' });
