#pragma once
// The trace store's error codes (docs/error-codes.md lists every library's; scripts/error-codes --check keeps
// that list true).

#include "bot/core/error.hpp"

namespace dq::store::errc {

// a write broke a constraint; nothing was stored
inline constexpr core::ErrorCode constraint{"store.constraint"};
// a stored value cannot be read back
inline constexpr core::ErrorCode corrupt{"store.corrupt"};
// the disk (or the file size limit) is full: nothing of that write was stored
inline constexpr core::ErrorCode full{"store.full"};
// the disk cannot be read or written
inline constexpr core::ErrorCode io{"store.io"};
// another process held the write lock too long
inline constexpr core::ErrorCode locked{"store.locked"};
// the file is not a store this build can open
inline constexpr core::ErrorCode open{"store.open"};
// the file or its file system is read-only
inline constexpr core::ErrorCode readonly{"store.readonly"};
// written by a newer dealquest
inline constexpr core::ErrorCode schema_too_new{"store.schema_too_new"};
// no run with that id
inline constexpr core::ErrorCode unknown_run{"store.unknown_run"};
// the PostgreSQL server is down, restarting or not listening where the store's URI says
inline constexpr core::ErrorCode unreachable{"store.unreachable"};

}  // namespace dq::store::errc
