#pragma once
// The trace store's error codes (docs/error-codes.md lists every library's; tests/check_error_codes.sh keeps that list true).

#include "bot/core/error.hpp"

namespace dq::store::errc {

inline constexpr core::ErrorCode constraint{"store.constraint"};          // a write broke a constraint; nothing was stored
inline constexpr core::ErrorCode corrupt{"store.corrupt"};                // a stored value cannot be read back
inline constexpr core::ErrorCode io{"store.io"};                          // disk full or unreadable
inline constexpr core::ErrorCode locked{"store.locked"};                  // another process held the write lock too long
inline constexpr core::ErrorCode open{"store.open"};                      // the file is not a store this build can open
inline constexpr core::ErrorCode schema_too_new{"store.schema_too_new"};  // written by a newer dealquest
inline constexpr core::ErrorCode unknown_run{"store.unknown_run"};        // no run with that id

}  // namespace dq::store::errc
