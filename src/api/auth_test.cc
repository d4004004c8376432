#include "api/auth.h"

#include <gtest/gtest.h>

#include "api/jwt.h"
#include "api/testing/fixture.h"

namespace missive {
namespace {

using testing::kNow;

class AuthTest : public testing::ApiFixture {
 protected:
  // A fresh cache each time, so every call sees the store as it is now.
  ApiResult<Caller> Auth(std::string_view header, Store& store, const Clock& clock) {
    LookupCache lookups(store, clock);
    return Authenticate(header, lookups, clock);
  }
  ApiResult<Caller> WithJwt(const std::string& iss, int64_t iat, const std::string& secret) {
    return Auth("Bearer " + SignHs256(iss, iat, secret), *store_, clock_);
  }
  std::string Message(const ApiResult<Caller>& result) {
    return result.ok() ? "(authenticated)" : result.error().errors.at(0).message;
  }
  int64_t now_seconds_ = kNow / kMicrosPerSecond;
};

TEST_F(AuthTest, GoodJwtAuthenticatesTheKeysService) {
  auto caller = WithJwt(service_.id, now_seconds_, key_.secret);
  ASSERT_TRUE(caller.ok()) << Message(caller);
  EXPECT_EQ(caller->service.id, service_.id);
  EXPECT_EQ(caller->key.id, key_.id);
}

TEST_F(AuthTest, JwtIsTriedAgainstEveryKeyOfTheService) {
  ApiKey second = AddKey("second", KeyType::kTeam);
  auto caller = WithJwt(service_.id, now_seconds_, second.secret);
  ASSERT_TRUE(caller.ok()) << Message(caller);
  EXPECT_EQ(caller->key.type, KeyType::kTeam);
}

TEST_F(AuthTest, BadSignatureIsRefused) {
  auto caller = WithJwt(service_.id, now_seconds_, NewUuid());
  EXPECT_EQ(caller.error().status, 403);
  EXPECT_EQ(Message(caller), "Invalid token: signature, api token not found");
  EXPECT_EQ(caller.error().errors[0].error, "AuthError");
}

TEST_F(AuthTest, UnknownIssuerIsRefused) {
  EXPECT_EQ(Message(WithJwt(NewUuid(), now_seconds_, key_.secret)),
            "Invalid token: service not found");
  EXPECT_EQ(Message(WithJwt("not-a-uuid", now_seconds_, key_.secret)),
            "Invalid token: service id is not the right data type");
}

TEST_F(AuthTest, IatMustBeWithinThirtySeconds) {
  const std::string kClock = "Error: Your system clock must be accurate to within 30 seconds";
  EXPECT_EQ(Message(WithJwt(service_.id, now_seconds_ - 31, key_.secret)), kClock);
  EXPECT_EQ(Message(WithJwt(service_.id, now_seconds_ + 31, key_.secret)), kClock);
  EXPECT_TRUE(WithJwt(service_.id, now_seconds_ - 29, key_.secret).ok());
  EXPECT_TRUE(WithJwt(service_.id, now_seconds_ + 29, key_.secret).ok());
}

TEST_F(AuthTest, RevokedKeyIsRefused) {
  ASSERT_TRUE(store_->RevokeApiKey(key_.id, kNow).ok());
  EXPECT_EQ(Message(WithJwt(service_.id, now_seconds_, key_.secret)),
            "Invalid token: API key revoked");
  EXPECT_EQ(Message(Auth("ApiKey-v1 " + FormatApiKey(key_), *store_, clock_)),
            "Invalid token: API key revoked");
}

TEST_F(AuthTest, ServiceWithoutKeysIsRefused) {
  Service bare{NewUuid(), "Bare", "bare", true, true, kNow};
  ASSERT_TRUE(store_->CreateService(bare).ok());
  EXPECT_EQ(Message(WithJwt(bare.id, now_seconds_, key_.secret)),
            "Invalid token: service has no API keys");
}

TEST_F(AuthTest, MissingHeaderAndUnknownSchemeAre401) {
  auto missing = Auth("", *store_, clock_);
  EXPECT_EQ(missing.error().status, 401);
  EXPECT_EQ(Message(missing), "Unauthorized, authentication token must be provided");
  auto basic = Auth("Basic dXNlcjpwYXNz", *store_, clock_);
  EXPECT_EQ(basic.error().status, 401);
  EXPECT_EQ(Message(basic).substr(0, 47), "Unauthorized, Authorization header is invalid. ");
}

TEST_F(AuthTest, MalformedTokensAreRefused) {
  EXPECT_EQ(Message(Auth("Bearer not.a.jwt", *store_, clock_)),
            "Invalid token: signature, api token is not valid");
  EXPECT_EQ(Message(Auth("Bearer", *store_, clock_)),
            "Invalid token: signature, api token is not valid");
  std::string no_iss = "Bearer " + SignHs256("", now_seconds_, key_.secret);
  EXPECT_EQ(Message(Auth(no_iss, *store_, clock_)).substr(0, 14), "Invalid token:");
}

TEST_F(AuthTest, SchemeIsMatchedIgnoringCase) {
  auto caller =
      Auth("bearer " + SignHs256(service_.id, now_seconds_, key_.secret), *store_, clock_);
  EXPECT_TRUE(caller.ok()) << Message(caller);
}

TEST_F(AuthTest, FullApiKeyAuthenticates) {
  auto caller = Auth("ApiKey-v1 " + FormatApiKey(key_), *store_, clock_);
  ASSERT_TRUE(caller.ok()) << Message(caller);
  EXPECT_EQ(caller->key.id, key_.id);
}

TEST_F(AuthTest, FullApiKeyParsingIsPositional) {
  ApiKey dashed = AddKey("my-key_with-dashes", KeyType::kNormal);
  EXPECT_TRUE(Auth("ApiKey-v1 " + FormatApiKey(dashed), *store_, clock_).ok());
  EXPECT_EQ(Message(Auth("ApiKey-v1 " + key_.secret, *store_, clock_)),
            "Invalid token: Enter your full API key");
  EXPECT_EQ(Message(Auth("ApiKey-v1 gcntfy-x-" + key_.secret, *store_, clock_)),
            "Invalid token: Enter your full API key");
  std::string wrong_service = "gcntfy-live-" + NewUuid() + "-" + key_.secret;
  EXPECT_EQ(Message(Auth("ApiKey-v1 " + wrong_service, *store_, clock_)),
            "Invalid token: Enter your full API key");
  std::string unknown = "gcntfy-live-" + service_.id + "-" + NewUuid();
  EXPECT_EQ(Message(Auth("ApiKey-v1 " + unknown, *store_, clock_)),
            "Invalid token: API key not found");
}

TEST(FormatApiKey, HasPrefixNameServiceAndSecret) {
  ApiKey key{"k",
             "26785a09-ab16-4eb0-8407-a37497a57506",
             "my_test_key",
             KeyType::kNormal,
             "3d844edf-8d35-48ac-975b-e847b4f122b0",
             std::nullopt,
             0};
  EXPECT_EQ(FormatApiKey(key),
            "gcntfy-my_test_key-26785a09-ab16-4eb0-8407-a37497a57506-"
            "3d844edf-8d35-48ac-975b-e847b4f122b0");
}

}  // namespace
}  // namespace missive
