//! AWS STS wire formats (the awsQuery protocol) for the credential chain: the form bodies of
//! `AssumeRole` and `AssumeRoleWithWebIdentity`, and their XML results and errors.
