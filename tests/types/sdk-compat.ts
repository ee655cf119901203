// Our outputs drop into code written for @aws-sdk/client-connect (v3).
import type {
  DescribePhoneNumberCommandOutput,
  DescribePhoneNumberCommandInput,
  ClaimedPhoneNumberSummary as SdkSummary,
  PhoneNumberStatus as SdkStatus,
  PhoneNumberCountryCode as SdkCountryCode,
  PhoneNumberType as SdkType,
  PhoneNumberWorkflowStatus as SdkWorkflowStatus,
} from '@aws-sdk/client-connect';
import type {
  DescribePhoneNumberOutput,
  DescribePhoneNumberInput,
  ClaimedPhoneNumberSummary,
  PhoneNumberStatus,
  PhoneNumberCountryCode,
  PhoneNumberType,
  PhoneNumberWorkflowStatus,
  ResponseMetadata,
} from 'connect-phone-wasm';
import type { ResponseMetadata as SdkMetadata } from '@smithy/types';
import { expectType, type Equal } from './helpers';

type Assignable<From, To> = [From] extends [To] ? true : false;

expectType<Assignable<DescribePhoneNumberOutput, DescribePhoneNumberCommandOutput>>(true);
expectType<Assignable<ClaimedPhoneNumberSummary, SdkSummary>>(true);
expectType<Assignable<PhoneNumberStatus, SdkStatus>>(true);
expectType<Assignable<ResponseMetadata, SdkMetadata>>(true);
// Inputs go both ways.
expectType<Assignable<DescribePhoneNumberCommandInput, DescribePhoneNumberInput>>(true);
expectType<Assignable<DescribePhoneNumberInput, DescribePhoneNumberCommandInput>>(true);
// The enums are the same sets of values as the SDK's.
expectType<Equal<PhoneNumberCountryCode, SdkCountryCode>>(true);
expectType<Equal<PhoneNumberType, SdkType>>(true);
expectType<Equal<PhoneNumberWorkflowStatus, SdkWorkflowStatus>>(true);
// And the summary has the SDK's member names, no more and no fewer.
expectType<Equal<keyof ClaimedPhoneNumberSummary, keyof SdkSummary>>(true);

// The same check as a value: a function written for the SDK accepts our output.
declare const ours: DescribePhoneNumberOutput;
function usesSdkOutput(out: DescribePhoneNumberCommandOutput): string | undefined {
  return out.ClaimedPhoneNumberSummary?.PhoneNumber;
}
usesSdkOutput(ours);
const sdkSummary: SdkSummary | undefined = ours.ClaimedPhoneNumberSummary;
void sdkSummary;
