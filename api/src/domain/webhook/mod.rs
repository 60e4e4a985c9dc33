//! Webhooks as the layers above see them: topics, the Standard Webhooks signature, which
//! addresses a sender may reach, the retry schedule and what makes an endpoint valid.
pub mod address;
pub mod contact_news;
pub mod endpoint;
pub mod payload;
pub mod records;
pub mod retry;
pub mod signature;
pub mod topic;
