#pragma once
// The telegram.* error codes (bot_api.hpp maps Bot API answers to them; the Sender adds gave_up). Control
// flow compares with these constants, never with literals.

#include "bot/core/error.hpp"

namespace dq::telegram::errc {

// 429, with retry_after
inline constexpr core::ErrorCode rate_limited{"telegram.rate_limited"};
// 409: another poller or a webhook
inline constexpr core::ErrorCode conflict{"telegram.conflict"};
// 401/404: a bad token
inline constexpr core::ErrorCode unauthorized{"telegram.unauthorized"};
// 403: the user blocked the bot
inline constexpr core::ErrorCode forbidden{"telegram.forbidden"};
// 5xx
inline constexpr core::ErrorCode server_error{"telegram.server_error"};
// an edit with identical content
inline constexpr core::ErrorCode not_modified{"telegram.not_modified"};
// any other 400
inline constexpr core::ErrorCode bad_request{"telegram.bad_request"};
// not the Bot API envelope
inline constexpr core::ErrorCode bad_response{"telegram.bad_response"};
// Sender: retries exhausted
inline constexpr core::ErrorCode gave_up{"telegram.gave_up"};

}  // namespace dq::telegram::errc
