// fromNodeProviderChain: the sources the AWS CLI and SDKs try, in their order. The chain moves
// on only when a source is absent; a configured source that fails stops it with its error.
import { CredentialsProviderError } from './error.mjs';
import { fromContainerMetadata } from './container.mjs';
import { fromEnv } from './env.mjs';
import { fromIni } from './ini.mjs';
import { fromInstanceMetadata } from './instance-metadata.mjs';
import { fromTokenFile } from './web-identity.mjs';

/**
 * @param {{ profile?: string, filepath?: string, configFilepath?: string, clientConfig?: { region?: string } }} [options]
 */
export function fromNodeProviderChain(options = {}) {
  return async () => {
    const named = Boolean(options.profile || process.env.AWS_PROFILE);
    const sources = [
      ...(named ? [] : [['environment', fromEnv()]]),
      ['shared files', fromIni(options)],
      ['web identity', fromTokenFile({ clientConfig: options.clientConfig })],
      ['ECS container', fromContainerMetadata()],
      ['EC2 instance metadata', fromInstanceMetadata()],
    ];
    const tried = [];
    for (const [label, provider] of sources) {
      try {
        return await provider();
      } catch (e) {
        if (!(e instanceof CredentialsProviderError) || !e.tryNextLink) throw e;
        // Each source's message names it; the shared files' names the profile instead.
        const message = e.message.toLowerCase().startsWith(label.toLowerCase()) ? e.message : `${label}: ${e.message}`;
        tried.push({ source: label, message });
      }
    }
    const error = new CredentialsProviderError(
      `could not load credentials from any source. Tried:\n${tried.map(({ message }) => `- ${message}`).join('\n')}`,
    );
    error.tried = tried;
    throw error;
  };
}
