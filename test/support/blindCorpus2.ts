/**
 * The second blind corpus: leaks and hard decoys in the languages and config formats the first
 * blind corpus covers thinly (Kotlin and Android resources, Swift and plists, .NET config,
 * Rust, Elixir and Erlang, HOCON, Perl, R, PowerShell, Makefiles, container and cluster
 * manifests, CI files, credential dotfiles, shell history, API collections, HAR captures,
 * notebooks, SQL dumps and logs). Written from how repositories leak, without reading the
 * detectors, so it measures how the engine generalises. Values come from seeded generators at
 * run time, as in the first blind corpus, whose labelling and scoring it shares.
 * `npm run accuracy -- --only blind2` reports it.
 */
import {
  b64encode, basic, corpusFromMakers, D, FileBuilder, S, Values, type BlindCorpus, type FileMaker,
} from './blindCorpus';

/** `text` with every character matched by `bad` replaced, so it fits the quoting around it. */
const clean = (text: string, bad: RegExp, by = 'x') => text.replace(bad, by);

const upper = (v: Values, n: number) => v.alnum(n * 2).replace(/[^A-Z0-9]/g, '').padEnd(n, 'Q').slice(0, n);

const FILES: FileMaker[] = [
  (v) => {
    const f = new FileBuilder('android/app/build.gradle.kts');
    const store = clean(v.password(), /["$\\]/g);
    const keyPw = clean(v.password(), /["$\\]/g);
    const maps = v.provider('gcp-api-key');
    const mavenPw = clean(v.password(), /["$\\]/g);
    const backend = v.alnum(40);
    f.add('plugins {');
    f.add('    id("com.android.application")');
    f.add('    kotlin("android")');
    f.add('}');
    f.add('android {');
    f.add('    defaultConfig {');
    f.add('        versionName = "4.12.0"', D('version', '4.12.0'));
    f.add(`        buildConfigField("String", "MAPS_API_KEY", "\\"${maps}\\"")`,
      S('provider', maps, 'gcp-api-key'));
    f.add(`        buildConfigField("String", "BACKEND_API_KEY", "\\"${backend}\\"")`, S('api-key', backend));
    f.add('        buildConfigField("String", "SENTRY_ENV", "\\"production\\"")');
    f.add('    }');
    f.add('    signingConfigs {');
    f.add('        create("release") {');
    f.add('            storeFile = file("release.keystore")');
    f.add(`            storePassword = "${store}"`, S('password', store));
    f.add('            keyAlias = "upload"');
    f.add(`            keyPassword = "${keyPw}"`, S('password', keyPw));
    f.add('        }');
    f.add('        create("ci") {');
    f.add('            storePassword = System.getenv("KEYSTORE_PASSWORD")',
      D('env-reference', 'System.getenv("KEYSTORE_PASSWORD")'));
    f.add('            keyPassword = project.findProperty("signing.keyPassword") as String?',
      D('env-reference', 'project.findProperty("signing.keyPassword")'));
    f.add('        }');
    f.add('    }');
    f.add('}');
    f.add('repositories {');
    f.add('    maven {');
    f.add('        url = uri("https://maven.acme-corp.io/releases")');
    f.add('        credentials {');
    f.add('            username = "deployer"');
    f.add(`            password = "${mavenPw}"`, S('password', mavenPw));
    f.add('        }');
    f.add('    }');
    f.add('}');
    f.add('dependencies {');
    f.add('    implementation("com.squareup.okhttp3:okhttp:4.12.0")',
      D('version', 'com.squareup.okhttp3:okhttp:4.12.0'));
    f.add('    implementation("androidx.security:security-crypto:1.1.0-alpha06")',
      D('version', 'androidx.security:security-crypto:1.1.0-alpha06'));
    f.add('}');
    return f;
  },
  (v) => {
    const f = new FileBuilder('android/local.properties');
    const maps = v.provider('gcp-api-key');
    const store = clean(v.password(), /[\\]/g);
    const sentry = v.hex(64);
    const mapbox = v.provider('mapbox-secret-token');
    f.add('## This file must *NOT* be checked into Version Control Systems,');
    f.add('sdk.dir=/Users/dana/Library/Android/sdk', D('identifier', '/Users/dana/Library/Android/sdk'));
    f.add(`MAPS_API_KEY=${maps}`, S('provider', maps, 'gcp-api-key'));
    f.add(`RELEASE_STORE_PASSWORD=${store}`, S('password', store));
    f.add(`sentry.auth.token=${sentry}`, S('token', sentry));
    f.add(`MAPBOX_DOWNLOADS_TOKEN=${mapbox}`, S('provider', mapbox, 'mapbox-secret-token'));
    f.add('flutter.versionCode=57');
    f.add('flutter.versionName=2.8.1', D('version', '2.8.1'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('android/app/src/main/java/com/acme/shop/net/AuthInterceptor.kt');
    const key = v.alnum(32);
    const clientSecret = v.b64url(40);
    const bearer = v.alnum(48);
    const pw = clean(v.password(), /["$\\]/g);
    f.add('package com.acme.shop.net');
    f.add('');
    f.add('class AuthInterceptor(private val session: Session) : Interceptor {');
    f.add('    companion object {');
    f.add(`        private const val API_KEY = "${key}"`, S('api-key', key));
    f.add(`        const val CLIENT_SECRET: String = "${clientSecret}"`, S('secret-key', clientSecret));
    f.add('        private const val HEADER_API_KEY = "X-Api-Key"', D('identifier', 'X-Api-Key'));
    f.add('        const val PREF_ACCESS_TOKEN = "pref_access_token"', D('identifier', 'pref_access_token'));
    f.add('    }');
    f.add('    override fun intercept(chain: Interceptor.Chain): Response {');
    f.add('        val request = chain.request().newBuilder()');
    f.add('            .addHeader("Authorization", "Bearer ${session.accessToken}")',
      D('template', '${session.accessToken}'));
    f.add(`            .addHeader("Authorization", "Bearer ${bearer}")`, S('auth-header', bearer));
    f.add('            .build()');
    f.add('        return chain.proceed(request)');
    f.add('    }');
    f.add(`    private val debugLogin = Credentials.basic("qa-bot", "${pw}")`, S('password', pw));
    f.add('    private val password: String = BuildConfig.DB_PASSWORD',
      D('env-reference', 'BuildConfig.DB_PASSWORD'));
    f.add('    private val apiKey = context.getString(R.string.backend_api_key)',
      D('identifier', 'R.string.backend_api_key'));
    f.add('}');
    return f;
  },
  (v) => {
    const f = new FileBuilder('android/app/src/main/res/values/secrets.xml');
    const maps = v.provider('gcp-api-key');
    const stripe = v.provider('stripe-secret-key');
    const pw = clean(v.password(), /[<>&"'\\]/g);
    const token = v.alnum(40);
    const fbId = String(100000000000000 + v.int(899999999999999));
    f.add('<?xml version="1.0" encoding="utf-8"?>');
    f.add('<resources>');
    f.add('    <string name="app_name">Acme Shop</string>');
    f.add(`    <string name="google_maps_key" translatable="false">${maps}</string>`,
      S('provider', maps, 'gcp-api-key'));
    f.add(`    <string name="stripe_secret_key">${stripe}</string>`,
      S('provider', stripe, 'stripe-secret-key'));
    f.add(`    <string name="admin_password">${pw}</string>`, S('password', pw));
    f.add(`    <string name="api_token">${token}</string>`, S('token', token));
    f.add(`    <string name="facebook_app_id">${fbId}</string>`, D('identifier', fbId));
    f.add('    <string name="password_hint">Password</string>', D('identifier', 'Password</string>'));
    f.add('    <string name="api_key_label">API key</string>', D('identifier', 'API key'));
    f.add('</resources>');
    return f;
  },
  (v) => {
    const f = new FileBuilder('ios/Shop/Secrets.plist');
    const sk = v.provider('stripe-secret-key');
    const pw = clean(v.password(), /[<>&]/g);
    const tok = v.b64url(44);
    const secret = v.hex(64);
    const sg = v.provider('sendgrid-api-key');
    f.add('<?xml version="1.0" encoding="UTF-8"?>');
    f.add('<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
      D('identifier', '-//Apple//DTD PLIST 1.0//EN'));
    f.add('<plist version="1.0">');
    f.add('<dict>');
    f.add('\t<key>StripeSecretKey</key>');
    f.add(`\t<string>${sk}</string>`, S('provider', sk, 'stripe-secret-key'));
    f.add('\t<key>APIPassword</key>');
    f.add(`\t<string>${pw}</string>`, S('password', pw));
    f.add('\t<key>APIToken</key>');
    f.add(`\t<string>${tok}</string>`, S('token', tok));
    f.add('\t<key>HMACSecret</key>');
    f.add(`\t<string>${secret}</string>`, S('secret-key', secret));
    f.add('\t<key>SendGridKey</key>');
    f.add(`\t<string>${sg}</string>`, S('provider', sg, 'sendgrid-api-key'));
    f.add('\t<key>APIBaseURL</key>');
    f.add('\t<string>https://api.acme-corp.io/v2</string>');
    f.add('\t<key>CFBundleShortVersionString</key>');
    f.add('\t<string>3.14.2</string>', D('version', '3.14.2'));
    f.add('\t<key>APITokenKeychainService</key>');
    f.add('\t<string>com.acme.shop.api-token</string>', D('identifier', 'com.acme.shop.api-token'));
    f.add('\t<key>NSFaceIDUsageDescription</key>');
    f.add('\t<string>Unlock your saved password with Face ID</string>',
      D('identifier', 'Unlock your saved password with Face ID'));
    f.add('</dict>');
    f.add('</plist>');
    return f;
  },
  (v) => {
    const f = new FileBuilder('ios/Shop/Networking/APIClient.swift');
    const key = v.alnum(36);
    const bearer = v.b64url(43);
    const pw = clean(v.password(), /["\\]/g);
    const secret = v.b64(44);
    const algolia = v.hex(32);
    f.add('import Foundation');
    f.add('');
    f.add('enum Keys {');
    f.add(`    static let apiKey = "${key}"`, S('api-key', key));
    f.add(`    static let signingSecret: String = "${secret}"`, S('secret-key', secret));
    f.add(`    static let algoliaAdminKey = "${algolia}"`, S('provider', algolia, 'algolia-admin-key'));
    f.add('    static let keychainAccount = "com.acme.shop.refreshToken"',
      D('identifier', 'com.acme.shop.refreshToken'));
    f.add('    static let passwordKey = "user_password"', D('identifier', 'user_password'));
    f.add('}');
    f.add('');
    f.add('func authorize(_ request: inout URLRequest, token: String) {');
    f.add('    request.setValue("Bearer \\(token)", forHTTPHeaderField: "Authorization")',
      D('template', '\\(token)'));
    f.add(`    request.setValue("Bearer ${bearer}", forHTTPHeaderField: "Authorization")`,
      S('auth-header', bearer));
    f.add('}');
    f.add('let secret = ProcessInfo.processInfo.environment["API_SECRET"] ?? ""',
      D('env-reference', 'ProcessInfo.processInfo.environment["API_SECRET"]'));
    f.add(`let credential = URLCredential(user: "ops", password: "${pw}", persistence: .forSession)`,
      S('password', pw));
    f.add('let password = KeychainWrapper.standard.string(forKey: "password")',
      D('identifier', 'KeychainWrapper'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('src/Acme.Portal/Web.config');
    const validation = v.hex(128).toUpperCase();
    const decryption = v.hex(48).toUpperCase();
    const smtpPw = clean(v.password(), /[<>&"]/g);
    const sqlPw = clean(v.password(), /[<>&";]/g);
    const clientSecret = v.b64(44);
    const twilio = v.provider('twilio-auth-token');
    const assemblyKeyToken = v.hex(16);
    f.add('<?xml version="1.0" encoding="utf-8"?>');
    f.add('<configuration>');
    f.add('  <connectionStrings>');
    f.add(`    <add name="PortalDb" connectionString="Data Source=sql-prod-02;Initial Catalog=Portal;User ID=portal_app;Password=${sqlPw};MultipleActiveResultSets=True" providerName="System.Data.SqlClient" />`,
      S('connection-string', sqlPw));
    f.add('    <add name="Reporting" connectionString="Server=rpt01;Database=Reports;Integrated Security=SSPI;" />');
    f.add('  </connectionStrings>');
    f.add('  <appSettings>');
    f.add('    <add key="webpages:Version" value="3.0.0.0" />', D('version', '3.0.0.0'));
    f.add('    <add key="ClientValidationEnabled" value="true" />');
    f.add(`    <add key="OAuthClientSecret" value="${clientSecret}" />`, S('secret-key', clientSecret));
    f.add(`    <add key="TwilioAuthToken" value="${twilio}" />`, S('provider', twilio, 'twilio-auth-token'));
    f.add('    <add key="ApiKey" value="" />');
    f.add('    <add key="PasswordResetTokenLifetimeHours" value="24" />');
    f.add('  </appSettings>');
    f.add('  <system.web>');
    f.add(`    <machineKey validationKey="${validation}" decryptionKey="${decryption}" validation="HMACSHA256" decryption="AES" />`,
      S('secret-key', validation), S('secret-key', decryption));
    f.add('  </system.web>');
    f.add('  <system.net>');
    f.add('    <mailSettings>');
    f.add('      <smtp from="noreply@acme-corp.io">');
    f.add(`        <network host="smtp.sendgrid.net" port="587" userName="apikey" password="${smtpPw}" />`,
      S('password', smtpPw));
    f.add('      </smtp>');
    f.add('    </mailSettings>');
    f.add('  </system.net>');
    f.add(`  <dependentAssembly><assemblyIdentity name="System.Web.Mvc" publicKeyToken="${assemblyKeyToken}" /></dependentAssembly>`,
      D('identifier', assemblyKeyToken));
    f.add('</configuration>');
    return f;
  },
  (v) => {
    const f = new FileBuilder('src/Acme.Worker/appsettings.json');
    const sas = v.b64(43) + '=';
    const account = v.b64(86) + '==';
    const redis = v.b64(43) + '=';
    const smtp = clean(v.password(), /["\\]/g);
    const clientId = v.uuid();
    const signing = v.b64(64);
    const cosmos = v.b64(86) + '==';
    f.add('{');
    f.add('  "Logging": { "LogLevel": { "Default": "Information", "Microsoft.AspNetCore": "Warning" } },');
    f.add('  "ServiceBus": {');
    f.add(`    "ConnectionString": "Endpoint=sb://acme-prod.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${sas}"`,
      S('connection-string', sas));
    f.add('  },');
    f.add(`  "Storage": "DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey=${account};EndpointSuffix=core.windows.net",`,
      S('connection-string', account));
    f.add(`  "Redis": "acme-prod.redis.cache.windows.net:6380,password=${redis},ssl=True,abortConnect=False",`,
      S('connection-string', redis));
    f.add(`  "Cosmos": "AccountEndpoint=https://acme-prod.documents.azure.com:443/;AccountKey=${cosmos};",`,
      S('connection-string', cosmos));
    f.add('  "Smtp": {');
    f.add('    "Host": "smtp.office365.com",');
    f.add('    "UserName": "alerts@acme-corp.io",');
    f.add(`    "Password": "${smtp}"`, S('password', smtp));
    f.add('  },');
    f.add('  "Auth": {');
    f.add(`    "ClientId": "${clientId}",`, D('uuid', clientId));
    f.add(`    "SigningKey": "${signing}",`, S('secret-key', signing));
    f.add('    "ClientSecret": "#{AuthClientSecret}#",', D('template', '#{AuthClientSecret}#'));
    f.add('    "KeyVaultUri": "https://acme-prod-kv.vault.azure.net/"');
    f.add('  },');
    f.add('  "FeatureManagement": { "NewCheckout": true }');
    f.add('}');
    return f;
  },
  (v) => {
    const f = new FileBuilder('src/Acme.Worker/Services/MailSender.cs');
    const pw = clean(v.password(), /["\\{}]/g);
    const apiKey = v.alnum(40);
    const sqlPw = clean(v.password(), /["\\;{}]/g);
    const aes = v.b64(44);
    f.add('namespace Acme.Worker.Services;');
    f.add('public sealed class MailSender');
    f.add('{');
    f.add('    private const string PasswordKey = "Smtp:Password";', D('identifier', 'Smtp:Password'));
    f.add(`    private static readonly byte[] AesKey = Convert.FromBase64String("${aes}");`,
      S('secret-key', aes));
    f.add('    public MailSender(IConfiguration config)');
    f.add('    {');
    f.add(`        _smtp.Credentials = new NetworkCredential("alerts@acme-corp.io", "${pw}");`,
      S('password', pw));
    f.add(`        _http.DefaultRequestHeaders.Add("X-API-KEY", "${apiKey}");`, S('api-key', apiKey));
    f.add(`        _db = new SqlConnection("Server=sql01;Database=Mail;User Id=mailer;Password=${sqlPw};");`,
      S('connection-string', sqlPw));
    f.add('        var fromConfig = config["Smtp:Password"];', D('env-reference', 'config["Smtp:Password"]'));
    f.add('        var key = Environment.GetEnvironmentVariable("MAIL_API_KEY");',
      D('env-reference', 'Environment.GetEnvironmentVariable("MAIL_API_KEY")'));
    f.add('    }');
    f.add('    [JsonPropertyName("access_token")] public string AccessToken { get; init; } = "";',
      D('identifier', 'access_token'));
    f.add('    public string Password { get; set; } = nameof(Password);',
      D('identifier', 'nameof(Password)'));
    f.add('}');
    return f;
  },
  (v) => {
    const f = new FileBuilder('crates/fetcher/src/config.rs');
    const token = v.alnum(40);
    const pw = clean(v.password(), /["\\{}]/g);
    const bearer = v.b64url(40);
    const key = v.hex(64);
    const hf = v.provider('huggingface-access-token');
    f.add('use std::env;');
    f.add('');
    f.add(`const API_TOKEN: &str = "${token}";`, S('token', token));
    f.add(`static SECRET_KEY: &[u8] = b"${key}";`, S('secret-key', key));
    f.add(`pub const HF_TOKEN: &str = "${hf}";`, S('provider', hf, 'huggingface-access-token'));
    f.add('const USER_AGENT: &str = concat!("fetcher/", env!("CARGO_PKG_VERSION"));',
      D('env-reference', 'env!("CARGO_PKG_VERSION")'));
    f.add('');
    f.add('pub fn client() -> reqwest::RequestBuilder {');
    f.add('    let token = env::var("API_TOKEN").expect("API_TOKEN");',
      D('env-reference', 'env::var("API_TOKEN")'));
    f.add(`    reqwest::Client::new().get(URL).basic_auth("admin", Some("${pw}"))`, S('password', pw));
    f.add('}');
    f.add('pub fn internal() -> reqwest::RequestBuilder {');
    f.add(`    reqwest::Client::new().get(INTERNAL).bearer_auth("${bearer}")`, S('auth-header', bearer));
    f.add('}');
    f.add('#[derive(Deserialize)]');
    f.add('struct Creds { #[serde(rename = "api_key")] api_key: String, password: Secret<String> }',
      D('identifier', 'rename = "api_key"'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('.cargo/config.toml');
    const crates = v.provider('crates-io-token');
    const reg = v.alnum(32);
    const dbPw = v.urlPassword();
    f.add('[registry]');
    f.add(`token = "${crates}"`, S('provider', crates, 'crates-io-token'));
    f.add('');
    f.add('[registries.acme]');
    f.add('index = "sparse+https://cargo.acme-corp.io/index/"');
    f.add(`token = "Bearer ${reg}"`, S('token', reg));
    f.add('credential-provider = "cargo:token"', D('identifier', 'cargo:token'));
    f.add('');
    f.add('[env]');
    f.add(`DATABASE_URL = "postgres://fetcher:${dbPw}@db.acme.internal:5432/fetcher"`,
      S('connection-string', dbPw));
    f.add('RUST_LOG = "info"');
    f.add('[net]');
    f.add('git-fetch-with-cli = true');
    return f;
  },
  (v) => {
    const f = new FileBuilder('config/runtime.exs');
    const pw = clean(v.password(), /["\\#]/g);
    const skb = v.b64(64);
    const stripe = v.provider('stripe-secret-key');
    const guardian = v.b64(48);
    const mailgun = v.provider('mailgun-api-key');
    const dbPw = v.urlPassword();
    const salt = v.alnum(8);
    f.add('import Config');
    f.add('');
    f.add('config :shop, Shop.Repo,');
    f.add('  username: "shop",');
    f.add(`  password: "${pw}",`, S('password', pw));
    f.add('  hostname: "db.acme.internal",');
    f.add('  pool_size: String.to_integer(System.get_env("POOL_SIZE") || "10")');
    f.add('');
    f.add('config :shop, ShopWeb.Endpoint,');
    f.add(`  secret_key_base: "${skb}",`, S('secret-key', skb));
    f.add(`  live_view: [signing_salt: "${salt}"]`, D('identifier', salt));
    f.add('');
    f.add(`config :stripity_stripe, api_key: "${stripe}"`, S('provider', stripe, 'stripe-secret-key'));
    f.add(`config :shop, Shop.Guardian, issuer: "shop", secret_key: "${guardian}"`,
      S('secret-key', guardian));
    f.add(`config :shop, Shop.Mailer, adapter: Swoosh.Adapters.Mailgun, api_key: "${mailgun}"`,
      S('provider', mailgun, 'mailgun-api-key'));
    f.add(`config :shop, :legacy_db, url: "ecto://legacy:${dbPw}@legacy-db/shop"`,
      S('connection-string', dbPw));
    f.add('');
    f.add('if config_env() == :prod do');
    f.add('  database_url = System.get_env("DATABASE_URL") || raise "DATABASE_URL is missing"',
      D('env-reference', 'System.get_env("DATABASE_URL")'));
    f.add('  config :shop, ShopWeb.Endpoint, secret_key_base: System.fetch_env!("SECRET_KEY_BASE")',
      D('env-reference', 'System.fetch_env!("SECRET_KEY_BASE")'));
    f.add('  config :shop, Shop.Repo, password: {:system, "DB_PASSWORD"}',
      D('env-reference', '{:system, "DB_PASSWORD"}'));
    f.add('end');
    return f;
  },
  (v) => {
    const f = new FileBuilder('rel/sys.config');
    const pw = clean(v.password(), /["\\~]/g);
    const key = v.alnum(32);
    const cookie = upper(v, 20);
    const token = v.b64url(40);
    f.add('[');
    f.add(' {kernel, [{logger_level, info}]},');
    f.add(' {billing, [');
    f.add(`   {db_password, "${pw}"},`, S('password', pw));
    f.add(`   {api_key, <<"${key}">>},`, S('api-key', key));
    f.add(`   {auth_token, <<"${token}">>},`, S('token', token));
    f.add('   {db_host, "db.acme.internal"},');
    f.add('   {smtp_password, {env, "SMTP_PASSWORD"}},', D('env-reference', '{env, "SMTP_PASSWORD"}'));
    f.add('   {max_retries, 5}');
    f.add(' ]},');
    f.add(` {vm_args, [{setcookie, '${cookie}'}]}`, S('secret-key', cookie));
    f.add('].');
    return f;
  },
  (v) => {
    const f = new FileBuilder('conf/application.conf');
    const playSecret = v.b64(48);
    const pw = clean(v.password(), /["\\$]/g);
    const jdbcPw = v.urlPassword();
    const apiKey = v.alnum(32);
    const slack = v.provider('slack-bot-token');
    f.add('# Play / Akka configuration (HOCON)');
    f.add(`play.http.secret.key = "${playSecret}"`, S('secret-key', playSecret));
    f.add('play.http.secret.key = ${?APPLICATION_SECRET}', D('env-reference', '${?APPLICATION_SECRET}'));
    f.add('');
    f.add('db.default {');
    f.add('  driver = org.postgresql.Driver');
    f.add(`  url = "jdbc:postgresql://db.acme.internal:5432/orders?user=orders&password=${jdbcPw}"`,
      S('connection-string', jdbcPw));
    f.add('  username = orders');
    f.add(`  password = "${pw}"`, S('password', pw));
    f.add('  password = ${?DB_PASSWORD}', D('env-reference', '${?DB_PASSWORD}'));
    f.add('}');
    f.add('');
    f.add('payments {');
    f.add(`  api-key = "${apiKey}"`, S('api-key', apiKey));
    f.add('  api-key-header = "X-Payments-Key"', D('identifier', 'X-Payments-Key'));
    f.add('  timeout = 5 seconds');
    f.add('}');
    f.add(`slack.token = "${slack}"`, S('provider', slack, 'slack-bot-token'));
    f.add('akka.http.server.idle-timeout = 60s');
    f.add('secrets.path = "/var/run/secrets/orders"', D('identifier', '/var/run/secrets/orders'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('src/main/scala/com/acme/orders/Clients.scala');
    const apiKey = v.alnum(40);
    const bearer = v.alnum(40);
    const pw = clean(v.password(), /["\\$]/g);
    const aws = v.provider('aws-access-key-id');
    const awsSecret = v.provider('aws-secret-access-key');
    f.add('package com.acme.orders');
    f.add('');
    f.add('object Clients {');
    f.add(`  val apiKey: String = "${apiKey}"`, S('api-key', apiKey));
    f.add(`  private val auth = Authorization(OAuth2BearerToken("${bearer}"))`, S('auth-header', bearer));
    f.add(`  private val basic = BasicHttpCredentials("orders-svc", "${pw}")`, S('password', pw));
    f.add(`  val creds = AwsBasicCredentials.create("${aws}", "${awsSecret}")`,
      S('provider', aws, 'aws-access-key-id'), S('provider', awsSecret, 'aws-secret-access-key'));
    f.add('  val fromEnv = sys.env("ORDERS_API_KEY")', D('env-reference', 'sys.env("ORDERS_API_KEY")'));
    f.add('  val dbPassword = sys.env.getOrElse("DB_PASSWORD", "changeme")', D('placeholder', 'changeme'));
    f.add('  val tokenHeader = "X-Orders-Token"', D('identifier', 'X-Orders-Token'));
    f.add('}');
    return f;
  },
  (v) => {
    const f = new FileBuilder('scripts/sync_ldap.pl');
    const pw = clean(v.password(), /['\\]/g);
    const dbPw = clean(v.password(), /['\\]/g);
    const token = v.hex(40);
    const key = v.alnum(32);
    f.add('#!/usr/bin/perl');
    f.add('use strict; use warnings;');
    f.add('use Net::LDAP; use DBI; use LWP::UserAgent;');
    f.add('');
    f.add("my $ldap_dn = 'cn=sync,ou=services,dc=acme,dc=io';",
      D('identifier', 'cn=sync,ou=services,dc=acme,dc=io'));
    f.add(`my $ldap_password = '${pw}';`, S('password', pw));
    f.add(`my $dbh = DBI->connect('dbi:Pg:dbname=hr;host=hr-db', 'hr_sync', '${dbPw}', { RaiseError => 1 });`,
      S('password', dbPw));
    f.add('my $ua = LWP::UserAgent->new;');
    f.add(`$ua->default_header('Authorization' => 'token ${token}');`, S('auth-header', token));
    f.add('$ua->default_header(\'X-Api-Key\' => $ENV{HR_API_KEY});', D('env-reference', '$ENV{HR_API_KEY}'));
    f.add(`my %config = ( api_key => '${key}', timeout => 30 );`, S('api-key', key));
    f.add("my $password = $ENV{'LDAP_PASSWORD'} // die 'LDAP_PASSWORD unset';",
      D('env-reference', "$ENV{'LDAP_PASSWORD'}"));
    f.add('print "Enter password: "; my $typed = <STDIN>;');
    return f;
  },
  (v) => {
    const f = new FileBuilder('analysis/load_data.R');
    const key = v.alnum(32);
    const pw = clean(v.password(), /["\\]/g);
    const token = v.hex(40);
    const openai = v.provider('openai-project-key');
    f.add('library(DBI)');
    f.add('library(httr)');
    f.add('');
    f.add(`Sys.setenv(CENSUS_API_KEY = "${key}")`, S('api-key', key));
    f.add(`Sys.setenv(OPENAI_API_KEY = "${openai}")`, S('provider', openai, 'openai-project-key'));
    f.add('con <- dbConnect(RPostgres::Postgres(), dbname = "warehouse", host = "dw.acme.internal",');
    f.add(`                 user = "analyst", password = "${pw}")`, S('password', pw));
    f.add(`github_token <- "${token}"`, S('token', token));
    f.add('api_key <- Sys.getenv("CENSUS_API_KEY")', D('env-reference', 'Sys.getenv("CENSUS_API_KEY")'));
    f.add('pw <- rstudioapi::askForPassword("Database password")',
      D('identifier', 'rstudioapi::askForPassword'));
    f.add('resp <- GET(url, add_headers(Authorization = paste("Bearer", token)))',
      D('template', 'paste("Bearer", token)'));
    f.add('password <- keyring::key_get("warehouse", "analyst")', D('identifier', 'keyring::key_get'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('ops/Set-Environment.ps1');
    const pw = clean(v.password(), /["'`$]/g);
    const spSecret = v.provider('azure-ad-client-secret');
    const bearer = v.alnum(40);
    const pat = v.provider('azure-devops-pat');
    const sqlPw = clean(v.password(), /["'`$;]/g);
    const key = v.alnum(32);
    f.add('param([string]$Environment = "prod")');
    f.add('');
    f.add(`$securePassword = ConvertTo-SecureString "${pw}" -AsPlainText -Force`, S('password', pw));
    f.add('$cred = New-Object System.Management.Automation.PSCredential ("svc-deploy", $securePassword)');
    f.add(`$env:AZURE_CLIENT_SECRET = "${spSecret}"`, S('provider', spSecret, 'azure-ad-client-secret'));
    f.add(`$env:AZURE_DEVOPS_EXT_PAT = '${pat}'`, S('provider', pat, 'azure-devops-pat'));
    f.add(`$headers = @{ Authorization = "Bearer ${bearer}"; Accept = "application/json" }`,
      S('auth-header', bearer));
    f.add(`Invoke-Sqlcmd -ServerInstance "sql01" -Username "deploy" -Password "${sqlPw}" -Query "SELECT 1"`,
      S('password', sqlPw));
    f.add(`$apiKey = '${key}'`, S('api-key', key));
    f.add('$apiKey = $env:ACME_API_KEY', D('env-reference', '$env:ACME_API_KEY'));
    f.add('$password = Read-Host -AsSecureString "Password"', D('identifier', 'Read-Host -AsSecureString'));
    f.add('$token = (Get-AzAccessToken -ResourceUrl "https://management.azure.com").Token',
      D('identifier', 'Get-AzAccessToken'));
    f.add('$secret = Get-Secret -Name "DeployKey" -Vault "Ops"', D('identifier', 'Get-Secret'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('Makefile');
    const dockerPw = clean(v.password(), /[$#'"\\ ]/g);
    const sonar = v.provider('sonarqube-user-token');
    const apiKey = v.alnum(32);
    const gh = v.provider('github-pat-classic');
    const pypi = v.provider('pypi-upload-token');
    f.add('REGISTRY ?= registry.acme-corp.io');
    f.add('VERSION := $(shell git describe --tags)', D('template', '$(shell git describe --tags)'));
    f.add(`DOCKER_PASSWORD ?= ${dockerPw}`, S('password', dockerPw));
    f.add(`SONAR_TOKEN = ${sonar}`, S('provider', sonar, 'sonarqube-user-token'));
    f.add(`API_KEY := ${apiKey}`, S('api-key', apiKey));
    f.add('');
    f.add('login:');
    f.add('\t@echo "$(DOCKER_PASSWORD)" | docker login $(REGISTRY) -u ci --password-stdin',
      D('template', '$(DOCKER_PASSWORD)'));
    f.add('');
    f.add('release:');
    f.add(`\tcurl -H "Authorization: token ${gh}" https://api.github.com/repos/acme/shop/releases`,
      S('provider', gh, 'github-pat-classic'));
    f.add(`\ttwine upload -u __token__ -p ${pypi} dist/*`, S('provider', pypi, 'pypi-upload-token'));
    f.add('\tcurl -H "Authorization: Bearer $${DEPLOY_TOKEN}" $(DEPLOY_HOOK)',
      D('template', '$${DEPLOY_TOKEN}'));
    f.add('\t./scripts/notify --password=$(SMTP_PASSWORD)', D('template', '$(SMTP_PASSWORD)'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('docker/api/Dockerfile');
    const npm = v.provider('npm-access-token');
    const key = v.alnum(40);
    const pw = clean(v.password(), /[$"'\\ ]/g);
    const digest = v.hex(64);
    const gl = v.provider('gitlab-pat');
    f.add(`FROM node:20.11.1-alpine@sha256:${digest} AS build`, D('hash', digest));
    f.add('ARG NPM_TOKEN');
    f.add(`ARG GITLAB_TOKEN=${gl}`, S('provider', gl, 'gitlab-pat'));
    f.add('ENV NODE_VERSION=20.11.1', D('version', '20.11.1'));
    f.add(`ENV NPM_TOKEN=${npm}`, S('provider', npm, 'npm-access-token'));
    f.add('RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc',
      D('template', '${NPM_TOKEN}'));
    f.add(`ENV API_KEY=${key} \\`, S('api-key', key));
    f.add('    LOG_LEVEL=info');
    f.add(`ENV DB_PASSWORD="${pw}"`, S('password', pw));
    f.add('ENV PASSWORD_MIN_LENGTH=12');
    f.add('RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci', D('identifier', 'id=npmrc'));
    f.add('HEALTHCHECK CMD wget -qO- http://localhost:8080/healthz || exit 1');
    return f;
  },
  (v) => {
    const f = new FileBuilder('deploy/compose/docker-compose.prod.yml');
    const pg = clean(v.password(), /[$"'#:\\ ]/g);
    const mysql = clean(v.password(), /[$"'#:\\ ]/g);
    const rabbit = clean(v.password(), /[$"'#:\\ ]/g);
    const minio = v.alnum(40);
    const grafana = clean(v.password(), /[$"'#:\\ ]/g);
    const redisPw = v.urlPassword();
    const jwtSecret = v.hex(64);
    f.add('services:');
    f.add('  db:');
    f.add('    image: postgres:16.2', D('version', 'postgres:16.2'));
    f.add('    environment:');
    f.add(`      POSTGRES_PASSWORD: ${pg}`, S('password', pg));
    f.add('      POSTGRES_USER: shop');
    f.add('  mysql:');
    f.add('    environment:');
    f.add(`      - MYSQL_ROOT_PASSWORD=${mysql}`, S('password', mysql));
    f.add('      - MYSQL_PASSWORD=${MYSQL_PASSWORD:?set MYSQL_PASSWORD}',
      D('env-reference', '${MYSQL_PASSWORD:?set MYSQL_PASSWORD}'));
    f.add('  rabbitmq:');
    f.add('    environment:');
    f.add(`      RABBITMQ_DEFAULT_PASS: "${rabbit}"`, S('password', rabbit));
    f.add('  minio:');
    f.add('    environment:');
    f.add(`      MINIO_ROOT_PASSWORD: ${minio}`, S('password', minio));
    f.add('  grafana:');
    f.add('    environment:');
    f.add(`      - GF_SECURITY_ADMIN_PASSWORD=${grafana}`, S('password', grafana));
    f.add('  api:');
    f.add('    environment:');
    f.add(`      REDIS_URL: redis://default:${redisPw}@redis:6379/0`, S('connection-string', redisPw));
    f.add(`      JWT_SECRET: ${jwtSecret}`, S('secret-key', jwtSecret));
    f.add('      API_KEY: ${API_KEY}', D('env-reference', '${API_KEY}'));
    f.add('      SESSION_SECRET: ${SESSION_SECRET:-changeme}',
      D('placeholder', '${SESSION_SECRET:-changeme}'));
    f.add('    secrets:');
    f.add('      - db_password', D('identifier', 'db_password'));
    f.add('    healthcheck:');
    f.add('      test: ["CMD", "pg_isready", "-U", "shop"]');
    f.add('secrets:');
    f.add('  db_password:');
    f.add('    file: ./secrets/db_password.txt', D('identifier', './secrets/db_password.txt'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('deploy/k8s/payments-secrets.yaml');
    const pw = clean(v.password(), /["'#:\\ ]/g);
    const apiToken = v.alnum(40);
    const webhook = v.provider('stripe-webhook-secret');
    const dbPw = v.password();
    const apiKey = v.alnum(32);
    const dsnPw = v.urlPassword();
    const sealed = 'AgB' + v.b64(300);
    const sealed2 = 'AgC' + v.b64(280);
    const caData = v.b64(120);
    f.add('apiVersion: v1');
    f.add('kind: Secret');
    f.add('metadata:');
    f.add('  name: payments-config');
    f.add('type: Opaque');
    f.add('stringData:');
    f.add(`  db-password: ${pw}`, S('password', pw));
    f.add(`  api-token: "${apiToken}"`, S('token', apiToken));
    f.add(`  stripe-webhook-secret: ${webhook}`, S('provider', webhook, 'stripe-webhook-secret'));
    f.add('---');
    f.add('apiVersion: v1');
    f.add('kind: Secret');
    f.add('metadata:');
    f.add('  name: payments-db');
    f.add('data:');
    f.add(`  DB_PASSWORD: ${b64encode(dbPw)}`, S('password', b64encode(dbPw)));
    f.add(`  PAYMENTS_API_KEY: ${b64encode(apiKey)}`, S('api-key', b64encode(apiKey)));
    f.add(`  DATABASE_URL: ${b64encode(`postgresql://payments:${dsnPw}@pg.payments.svc:5432/payments`)}`,
      S('connection-string', b64encode(`postgresql://payments:${dsnPw}@pg.payments.svc:5432/payments`)));
    f.add('  DB_USER: cGF5bWVudHM=', D('identifier', 'cGF5bWVudHM='));
    f.add('---');
    f.add('apiVersion: bitnami.com/v1alpha1');
    f.add('kind: SealedSecret');
    f.add('metadata:');
    f.add('  name: payments-sealed');
    f.add('spec:');
    f.add('  encryptedData:');
    f.add(`    password: ${sealed}`, D('encrypted', sealed));
    f.add(`    api-key: ${sealed2}`, D('encrypted', sealed2));
    f.add('---');
    f.add('apiVersion: v1');
    f.add('kind: ConfigMap');
    f.add('metadata:');
    f.add('  name: payments-env');
    f.add('data:');
    f.add('  PASSWORD_POLICY: strict');
    f.add('  TOKEN_TTL_SECONDS: "3600"');
    f.add('  SECRET_NAME: payments-db', D('identifier', 'payments-db'));
    f.add(`  ca.crt.b64: ${caData}`, D('public-key', caData));
    return f;
  },
  (v) => {
    const f = new FileBuilder('deploy/helm/payments/values-prod.yaml');
    const pgPw = clean(v.password(), /["'#:\\ ]/g);
    const redisPw = v.alnum(32);
    const dd = v.provider('datadog-api-key');
    const oauth = v.alnum(40);
    const rabbit = clean(v.password(), /["'#:\\ ]/g);
    f.add('image:');
    f.add('  repository: registry.acme-corp.io/payments');
    f.add('  tag: "2.31.4"', D('version', '2.31.4'));
    f.add('postgresql:');
    f.add('  auth:');
    f.add('    username: payments');
    f.add(`    password: "${pgPw}"`, S('password', pgPw));
    f.add('    existingSecret: payments-postgresql', D('identifier', 'payments-postgresql'));
    f.add('redis:');
    f.add('  auth:');
    f.add('    enabled: true');
    f.add(`    password: ${redisPw}`, S('password', redisPw));
    f.add('rabbitmq:');
    f.add('  auth:');
    f.add(`    password: '${rabbit}'`, S('password', rabbit));
    f.add('    erlangCookie: ""');
    f.add('datadog:');
    f.add(`  apiKey: ${dd}`, S('provider', dd, 'datadog-api-key'));
    f.add('  apiKeyExistingSecret: datadog-secret', D('identifier', 'datadog-secret'));
    f.add('oauth2-proxy:');
    f.add('  config:');
    f.add(`    clientSecret: "${oauth}"`, S('secret-key', oauth));
    f.add('    cookieSecret: "{{ .Values.global.cookieSecret }}"',
      D('template', '{{ .Values.global.cookieSecret }}'));
    f.add('ingress:');
    f.add('  annotations:');
    f.add('    cert-manager.io/cluster-issuer: letsencrypt-prod');
    f.add('    nginx.ingress.kubernetes.io/auth-secret: basic-auth', D('identifier', 'basic-auth'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('infra/envs/prod/terraform.tfvars');
    const dbPw = clean(v.password(), /["\\$]/g);
    const cf = v.provider('cloudflare-api-token');
    const dd = v.provider('datadog-api-key');
    const ddApp = v.provider('datadog-app-key');
    const do_ = v.provider('digitalocean-pat');
    const tfc = v.provider('terraform-cloud-token');
    const ami = 'ami-0' + v.hex(16);
    f.add('region        = "eu-west-1"');
    f.add(`ami_id        = "${ami}"`, D('identifier', ami));
    f.add('instance_type = "t3.large"');
    f.add(`db_password   = "${dbPw}"`, S('password', dbPw));
    f.add(`cloudflare_api_token = "${cf}"`, S('provider', cf, 'cloudflare-api-token'));
    f.add(`datadog_api_key      = "${dd}"`, S('provider', dd, 'datadog-api-key'));
    f.add(`datadog_app_key      = "${ddApp}"`, S('provider', ddApp, 'datadog-app-key'));
    f.add(`do_token             = "${do_}"`, S('provider', do_, 'digitalocean-pat'));
    f.add(`tfe_token            = "${tfc}"`, S('provider', tfc, 'terraform-cloud-token'));
    f.add('kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1f2e3d4c-5b6a-4789-8abc-def012345678"',
      D('identifier', 'arn:aws:kms:eu-west-1:123456789012:key/1f2e3d4c-5b6a-4789-8abc-def012345678'));
    f.add('tags = { owner = "platform", cost_center = "cc-4411" }');
    return f;
  },
  (v) => {
    const f = new FileBuilder('infra/modules/db/main.tf');
    const pw = clean(v.password(), /["\\$]/g);
    const token = v.alnum(40);
    f.add('resource "aws_db_instance" "main" {');
    f.add('  engine         = "postgres"');
    f.add('  engine_version = "15.4"', D('version', '15.4'));
    f.add('  username       = "app"');
    f.add('  password       = var.db_password', D('env-reference', 'var.db_password'));
    f.add('}');
    f.add('resource "aws_db_instance" "replica_legacy" {');
    f.add(`  password = "${pw}"`, S('password', pw));
    f.add('}');
    f.add('variable "db_password" {');
    f.add('  type      = string');
    f.add('  sensitive = true');
    f.add('}');
    f.add('provider "github" {');
    f.add(`  token = "${token}"`, S('token', token));
    f.add('}');
    f.add('data "aws_secretsmanager_secret_version" "api" {');
    f.add('  secret_id = "prod/payments/api-key"', D('identifier', 'prod/payments/api-key'));
    f.add('}');
    f.add('locals { api_key = jsondecode(data.aws_secretsmanager_secret_version.api.secret_string)["key"] }',
      D('identifier', 'data.aws_secretsmanager_secret_version.api.secret_string'));
    f.add('resource "random_password" "db" { length = 32 }');
    f.add('output "db_password" { value = random_password.db.result, sensitive = true }',
      D('identifier', 'random_password.db.result'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('ansible/inventories/prod/group_vars/all.yml');
    const become = clean(v.password(), /["'#:\\ {}]/g);
    const mysql = clean(v.password(), /["'#:\\ {}]/g);
    const api = v.alnum(40);
    const smtp = clean(v.password(), /["'#:\\ {}]/g);
    const vault = Array.from({ length: 5 }, () => v.hex(80));
    f.add('---');
    f.add('ansible_user: deploy');
    f.add(`ansible_become_password: ${become}`, S('password', become));
    f.add(`mysql_root_password: "${mysql}"`, S('password', mysql));
    f.add(`monitoring_api_key: ${api}`, S('api-key', api));
    f.add(`smtp_relay_password: '${smtp}'`, S('password', smtp));
    f.add('db_password: "{{ vault_db_password }}"', D('template', '{{ vault_db_password }}'));
    f.add("app_secret: \"{{ lookup('env', 'APP_SECRET') }}\"",
      D('template', "{{ lookup('env', 'APP_SECRET') }}"));
    f.add("api_token: \"{{ lookup('community.hashi_vault.hashi_vault', 'secret=kv/data/api:token') }}\"",
      D('template', "lookup('community.hashi_vault.hashi_vault', 'secret=kv/data/api:token')"));
    f.add('redis_password: !vault |');
    f.add('  $ANSIBLE_VAULT;1.1;AES256');
    for (const line of vault) f.add(`  ${line}`, D('encrypted', line));
    f.add('nginx_version: 1.25.4', D('version', '1.25.4'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('.github/workflows/nightly.yml');
    const slack = v.provider('slack-webhook-url');
    const pw = v.urlPassword();
    const npm = v.provider('npm-access-token');
    const codecov = v.uuid();
    const sha = v.hex(40);
    const dockerPw = clean(v.password(), /["'#:\\ $]/g);
    f.add('name: nightly');
    f.add('on:');
    f.add('  schedule: [{ cron: "0 3 * * *" }]');
    f.add('env:');
    f.add(`  SLACK_WEBHOOK_URL: ${slack}`, S('provider', slack, 'slack-webhook-url'));
    f.add(`  NODE_AUTH_TOKEN: ${npm}`, S('provider', npm, 'npm-access-token'));
    f.add(`  CODECOV_TOKEN: ${codecov}`, S('provider', codecov, 'codecov-token'));
    f.add('jobs:');
    f.add('  build:');
    f.add('    runs-on: ubuntu-latest');
    f.add('    steps:');
    f.add(`      - uses: actions/checkout@${sha} # v4.1.1`, D('hash', sha));
    f.add('      - uses: docker/login-action@v3');
    f.add('        with:');
    f.add('          username: acmebot');
    f.add('          password: ${{ secrets.DOCKERHUB_TOKEN }}',
      D('template', '${{ secrets.DOCKERHUB_TOKEN }}'));
    f.add('      - uses: docker/login-action@v3');
    f.add('        with:');
    f.add('          registry: registry.acme-corp.io');
    f.add('          username: ci');
    f.add(`          password: ${dockerPw}`, S('password', dockerPw));
    f.add(`      - run: curl -fsS -u ci:${pw} https://nexus.acme-corp.io/service/rest/v1/status`,
      S('url-credentials', pw));
    f.add('      - run: gh release create --notes "nightly"');
    f.add('        env:');
    f.add('          GH_TOKEN: ${{ github.token }}', D('template', '${{ github.token }}'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('.circleci/config.yml');
    const aws = v.provider('aws-access-key-id');
    const awsSecret = v.provider('aws-secret-access-key');
    const heroku = v.provider('heroku-api-key');
    const dockerPw = clean(v.password(), /["'#:\\ $]/g);
    const snyk = v.uuid();
    f.add('version: 2.1');
    f.add('orbs:');
    f.add('  node: circleci/node@5.2.0', D('version', 'circleci/node@5.2.0'));
    f.add('jobs:');
    f.add('  deploy:');
    f.add('    docker:');
    f.add('      - image: cimg/node:20.11');
    f.add('        auth:');
    f.add('          username: acmebot');
    f.add(`          password: ${dockerPw}`, S('password', dockerPw));
    f.add('    environment:');
    f.add(`      AWS_ACCESS_KEY_ID: ${aws}`, S('provider', aws, 'aws-access-key-id'));
    f.add(`      AWS_SECRET_ACCESS_KEY: ${awsSecret}`, S('provider', awsSecret, 'aws-secret-access-key'));
    f.add(`      HEROKU_API_KEY: ${heroku}`, S('provider', heroku, 'heroku-api-key'));
    f.add(`      SNYK_TOKEN: ${snyk}`, S('provider', snyk, 'snyk-api-token'));
    f.add('    steps:');
    f.add('      - checkout');
    f.add('      - restore_cache:');
    f.add('          keys: [deps-{{ checksum "package-lock.json" }}]',
      D('template', '{{ checksum "package-lock.json" }}'));
    f.add('      - run: echo "$DOCKER_PASS" | docker login -u "$DOCKER_USER" --password-stdin',
      D('env-reference', '$DOCKER_PASS'));
    f.add('      - run: npx snyk test --severity-threshold=high');
    return f;
  },
  (v) => {
    const f = new FileBuilder('ops/dotfiles/.npmrc');
    const npm = v.provider('npm-access-token');
    const gh = v.provider('github-pat-classic');
    const auth = basic('deploy', v.urlPassword());
    const art = v.provider('artifactory-api-key');
    f.add('registry=https://registry.npmjs.org/');
    f.add(`//registry.npmjs.org/:_authToken=${npm}`, S('provider', npm, 'npm-access-token'));
    f.add('@acme:registry=https://npm.pkg.github.com/');
    f.add(`//npm.pkg.github.com/:_authToken=${gh}`, S('provider', gh, 'github-pat-classic'));
    f.add(`//nexus.acme-corp.io/repository/npm/:_auth=${auth}`, S('url-credentials', auth));
    f.add(`//acme.jfrog.io/artifactory/api/npm/npm/:_password=${b64encode(art)}`,
      S('password', b64encode(art)));
    f.add('//npm.internal.example/:_authToken=${NPM_INTERNAL_TOKEN}',
      D('env-reference', '${NPM_INTERNAL_TOKEN}'));
    f.add('always-auth=true');
    f.add('save-exact=true');
    return f;
  },
  (v) => {
    const f = new FileBuilder('ops/dotfiles/.pypirc');
    const pypi = v.provider('pypi-upload-token');
    const test = v.provider('pypi-test-upload-token');
    const pw = clean(v.password(), /[%\s]/g);
    f.add('[distutils]');
    f.add('index-servers =');
    f.add('    pypi');
    f.add('    testpypi');
    f.add('    internal');
    f.add('');
    f.add('[pypi]');
    f.add('username = __token__', D('identifier', '__token__'));
    f.add(`password = ${pypi}`, S('provider', pypi, 'pypi-upload-token'));
    f.add('');
    f.add('[testpypi]');
    f.add('repository = https://test.pypi.org/legacy/');
    f.add('username = __token__');
    f.add(`password = ${test}`, S('provider', test, 'pypi-test-upload-token'));
    f.add('');
    f.add('[internal]');
    f.add('repository = https://pypi.acme-corp.io/simple/');
    f.add('username = release-bot');
    f.add(`password = ${pw}`, S('password', pw));
    return f;
  },
  (v) => {
    const f = new FileBuilder('ops/dotfiles/.netrc');
    const heroku = v.provider('heroku-api-key');
    const gh = v.provider('github-oauth-token');
    const pw = clean(v.password(), /\s/g);
    const pw2 = clean(v.password(), /\s/g);
    f.add('machine api.heroku.com');
    f.add('  login ops@acme-corp.io');
    f.add(`  password ${heroku}`, S('provider', heroku, 'heroku-api-key'));
    f.add('machine github.com');
    f.add('  login acme-bot');
    f.add(`  password ${gh}`, S('provider', gh, 'github-oauth-token'));
    f.add(`machine ftp.acme-corp.io login backup password ${pw}`, S('password', pw));
    f.add(`machine artifacts.acme.internal login ci password ${pw2} port 8443`, S('password', pw2));
    f.add('default login anonymous password anonymous@', D('placeholder', 'anonymous@'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('ops/dotfiles/.git-credentials');
    const gh = v.provider('github-pat-fine-grained');
    const ghs = v.provider('github-app-installation-token');
    const gl = v.provider('gitlab-pat');
    const bb = v.provider('bitbucket-app-password');
    const pw = v.urlPassword();
    f.add(`https://acme-bot:${gh}@github.com`, S('provider', gh, 'github-pat-fine-grained'));
    f.add(`https://x-access-token:${ghs}@github.com`, S('provider', ghs, 'github-app-installation-token'));
    f.add(`https://oauth2:${gl}@gitlab.com`, S('provider', gl, 'gitlab-pat'));
    f.add(`https://dana:${bb}@bitbucket.org`, S('provider', bb, 'bitbucket-app-password'));
    f.add(`https://dana:${pw}@git.acme.internal`, S('url-credentials', pw));
    return f;
  },
  (v) => {
    const f = new FileBuilder('ops/dotfiles/.pgpass');
    const a = clean(v.password(), /[:\\\s]/g);
    const b = clean(v.password(), /[:\\\s]/g);
    const c = v.alnum(24);
    f.add('# hostname:port:database:username:password');
    f.add(`db.acme.internal:5432:shop:shop_app:${a}`, S('password', a));
    f.add(`replica.acme.internal:5432:*:readonly:${b}`, S('password', b));
    f.add(`*:6432:*:pgbouncer:${c}`, S('password', c));
    return f;
  },
  (v) => {
    const f = new FileBuilder('ops/history/.bash_history');
    const bearer = v.alnum(40);
    const openai = v.provider('openai-project-key');
    // A leading `-` would read as another flag after `-p`, as mysql itself would take it.
    const mysql = clean(v.password(), /['"\\$`!\s&|;<>()]/g).replace(/^-/, 'm');
    const pgPw = v.urlPassword();
    const dockerPw = clean(v.password(), /['"\\$`!\s&|;<>()]/g);
    const anth = v.provider('anthropic-api-key');
    const apiKey = v.hex(32);
    const sha = v.hex(40);
    const basicPw = v.urlPassword();
    f.add('cd ~/src/shop');
    f.add(`git checkout ${sha}`, D('hash', sha));
    f.add(`curl -H "Authorization: Bearer ${bearer}" https://api.acme-corp.io/v2/orders?limit=5`,
      S('auth-header', bearer));
    f.add(`export OPENAI_API_KEY=${openai}`, S('provider', openai, 'openai-project-key'));
    f.add(`mysql -h db01 -u root -p${mysql} shop`, S('password', mysql));
    f.add(`psql "postgresql://shop:${pgPw}@db.acme.internal:5432/shop"`, S('connection-string', pgPw));
    f.add(`docker login -u acmebot -p ${dockerPw} registry.acme-corp.io`, S('password', dockerPw));
    f.add(`ANTHROPIC_API_KEY=${anth} python scripts/summarise.py`, S('provider', anth, 'anthropic-api-key'));
    f.add(`curl -s "https://api.weather.example/v1/forecast?q=Oslo&apikey=${apiKey}"`, S('api-key', apiKey));
    f.add(`curl -u admin:${basicPw} http://localhost:15672/api/queues`, S('url-credentials', basicPw));
    f.add('curl -H "Authorization: Bearer $TOKEN" https://api.acme-corp.io/v2/me',
      D('env-reference', '$TOKEN'));
    f.add("kubectl get secret payments-db -o jsonpath='{.data.DB_PASSWORD}' | base64 -d",
      D('identifier', '{.data.DB_PASSWORD}'));
    f.add('export VAULT_TOKEN=$(vault print token)', D('template', '$(vault print token)'));
    f.add('history | grep password');
    return f;
  },
  (v) => {
    const f = new FileBuilder('docs/api/authentication.md');
    const leaked = v.alnum(40);
    const sk = v.provider('stripe-test-secret-key');
    const pw = v.urlPassword();
    const example = `AKIA${upper(v, 9)}EXAMPLE`;
    f.add('# Authenticating');
    f.add('');
    f.add('Send your key in the `Authorization` header:');
    f.add('');
    f.add('```bash');
    f.add('curl https://api.acme-corp.io/v2/orders \\');
    f.add('  -H "Authorization: Bearer YOUR_API_TOKEN"', D('placeholder', 'YOUR_API_TOKEN'));
    f.add('curl https://api.acme-corp.io/v2/orders -H "X-Api-Key: <your-api-key>"',
      D('placeholder', '<your-api-key>'));
    f.add('curl -u "$ACME_USER:$ACME_PASSWORD" https://api.acme-corp.io/v2/me',
      D('env-reference', '$ACME_PASSWORD'));
    f.add('```');
    f.add('');
    f.add('The staging environment accepts the team key below (do not share outside the team):');
    f.add('');
    f.add('```bash');
    f.add(`curl https://staging-api.acme-corp.io/v2/orders -H "Authorization: Bearer ${leaked}"`,
      S('auth-header', leaked));
    f.add(`curl https://api.stripe.com/v1/charges -u ${sk}:`, S('provider', sk, 'stripe-test-secret-key'));
    f.add(`curl https://admin:${pw}@staging-api.acme-corp.io/internal/health`, S('url-credentials', pw));
    f.add('```');
    f.add('');
    f.add(`Example IAM key id from the AWS docs: \`${example}\`.`, D('docs-example', example));
    f.add('Tokens look like `acme_live_xxxxxxxxxxxxxxxxxxxxxxxx`.',
      D('placeholder', 'acme_live_xxxxxxxxxxxxxxxxxxxxxxxx'));
    f.add('| Header | Value |');
    f.add('|---|---|');
    f.add('| `Authorization` | `Bearer <access_token>` |', D('placeholder', '<access_token>'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('postman/Payments.postman_collection.json');
    const bearer = v.alnum(48);
    const apiKey = v.hex(32);
    const pw = clean(v.password(), /["\\]/g);
    const clientSecret = v.b64url(40);
    const id = v.uuid();
    f.add('{');
    f.add(`  "info": { "_postman_id": "${id}", "name": "Payments API",`, D('uuid', id));
    f.add('    "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json" },');
    f.add('  "auth": {');
    f.add('    "type": "bearer",');
    f.add(`    "bearer": [ { "key": "token", "value": "${bearer}", "type": "string" } ]`, S('token', bearer));
    f.add('  },');
    f.add('  "item": [');
    f.add('    { "name": "List charges", "request": { "method": "GET",');
    f.add(`      "header": [ { "key": "x-api-key", "value": "${apiKey}", "type": "text" } ],`,
      S('api-key', apiKey));
    f.add('      "url": "{{baseUrl}}/v1/charges" } },', D('template', '{{baseUrl}}'));
    f.add('    { "name": "Login", "request": { "method": "POST",');
    f.add('      "auth": { "type": "basic", "basic": [');
    f.add(`        { "key": "password", "value": "${pw}", "type": "string" },`, S('password', pw));
    f.add('        { "key": "username", "value": "qa@acme-corp.io", "type": "string" } ] },');
    f.add('      "header": [ { "key": "Authorization", "value": "Bearer {{access_token}}" } ] } },',
      D('template', '{{access_token}}'));
    f.add('    { "name": "Token", "request": { "method": "POST", "body": { "mode": "urlencoded", "urlencoded": [');
    f.add('        { "key": "grant_type", "value": "client_credentials" },');
    f.add(`        { "key": "client_secret", "value": "${clientSecret}" } ] } } }`,
      S('secret-key', clientSecret));
    f.add('  ],');
    f.add('  "variable": [ { "key": "baseUrl", "value": "https://api.acme-corp.io" },');
    f.add('    { "key": "apiKey", "value": "{{vault:payments-api-key}}" } ]',
      D('template', '{{vault:payments-api-key}}'));
    f.add('}');
    return f;
  },
  (v) => {
    const f = new FileBuilder('postman/Prod.postman_environment.json');
    const token = v.b64url(43);
    const pw = clean(v.password(), /["\\]/g);
    const key = v.alnum(32);
    const id = v.uuid();
    f.add('{');
    f.add(`  "id": "${id}",`, D('uuid', id));
    f.add('  "name": "Prod",');
    f.add('  "values": [');
    f.add('    { "key": "baseUrl", "value": "https://api.acme-corp.io", "type": "default", "enabled": true },');
    f.add(`    { "key": "access_token", "value": "${token}", "type": "secret", "enabled": true },`,
      S('token', token));
    f.add(`    { "key": "admin_password", "value": "${pw}", "type": "secret", "enabled": true },`,
      S('password', pw));
    f.add(`    { "key": "partner_api_key", "value": "${key}", "type": "default", "enabled": true },`,
      S('api-key', key));
    f.add('    { "key": "refresh_token", "value": "", "type": "secret", "enabled": true }');
    f.add('  ],');
    f.add('  "_postman_variable_scope": "environment"');
    f.add('}');
    return f;
  },
  (v) => {
    const f = new FileBuilder('captures/checkout.har');
    const jwt = v.jwt({ sub: 'user-8812', scope: 'orders:write', iat: 1767225600, exp: 1767229200 });
    const session = v.hex(64);
    const pw = clean(v.password(), /["\\&=%+]/g);
    const apiKey = v.alnum(40);
    const etag = v.hex(32);
    const req = v.uuid();
    const trace = v.hex(32);
    f.add('{ "log": { "version": "1.2", "creator": { "name": "WebInspector", "version": "537.36" }, "entries": [');
    f.add('  { "request": { "method": "POST", "url": "https://shop.acme-corp.io/api/login",');
    f.add('    "headers": [');
    f.add('      { "name": "Content-Type", "value": "application/x-www-form-urlencoded" },');
    f.add(`      { "name": "Cookie", "value": "sessionid=${session}; theme=dark" }`, S('token', session));
    f.add('    ],');
    f.add(`    "postData": { "mimeType": "application/x-www-form-urlencoded", "text": "username=dana&password=${pw}" } },`,
      S('password', pw));
    f.add('    "response": { "status": 200, "headers": [');
    f.add(`      { "name": "ETag", "value": "W/\\"${etag}\\"" },`, D('hash', etag));
    f.add(`      { "name": "X-Request-Id", "value": "${req}" },`, D('uuid', req));
    f.add(`      { "name": "traceparent", "value": "00-${trace}-00f067aa0ba902b7-01" }`, D('hash', trace));
    f.add('    ] } },');
    f.add('  { "request": { "method": "GET", "url": "https://shop.acme-corp.io/api/orders",');
    f.add('    "headers": [');
    f.add(`      { "name": "Authorization", "value": "Bearer ${jwt}" },`, S('jwt', jwt));
    f.add(`      { "name": "X-API-Key", "value": "${apiKey}" }`, S('api-key', apiKey));
    f.add('    ] } }');
    f.add('] } }');
    return f;
  },
  (v) => {
    const f = new FileBuilder('notebooks/churn_model.ipynb');
    const key = v.alnum(32);
    const openai = v.provider('openai-project-key');
    const pw = v.urlPassword();
    const hf = v.provider('huggingface-access-token');
    const wandb = v.hex(40);
    const png = 'iVBORw0KGgoAAAANSUhEUgAA' + v.b64(200);
    f.add('{');
    f.add(' "cells": [');
    f.add('  {');
    f.add('   "cell_type": "code",');
    f.add('   "source": [');
    f.add('    "import os\\n",');
    f.add(`    "os.environ[\\"OPENAI_API_KEY\\"] = \\"${openai}\\"\\n",`,
      S('provider', openai, 'openai-project-key'));
    f.add(`    "weather_api_key = \\"${key}\\"\\n",`, S('api-key', key));
    f.add(`    "engine = create_engine(\\"postgresql://analyst:${pw}@dw.acme.internal/warehouse\\")\\n",`,
      S('connection-string', pw));
    f.add(`    "login(token=\\"${hf}\\")\\n",`, S('provider', hf, 'huggingface-access-token'));
    f.add(`    "wandb.login(key=\\"${wandb}\\")\\n",`, S('api-key', wandb));
    f.add('    "api_key = os.environ[\\"WEATHER_API_KEY\\"]\\n",',
      D('env-reference', 'os.environ[\\"WEATHER_API_KEY\\"]'));
    f.add('    "password = getpass.getpass()"');
    f.add('   ],');
    f.add('   "outputs": [');
    f.add(`    { "output_type": "display_data", "data": { "image/png": "${png}" } }`, D('data-uri', png));
    f.add('   ]');
    f.add('  }');
    f.add(' ],');
    f.add(' "metadata": { "kernelspec": { "name": "python3" }, "language_info": { "version": "3.11.7" } }',
      D('version', '3.11.7'));
    f.add('}');
    return f;
  },
  (v) => {
    const f = new FileBuilder('db/dumps/prod_snapshot.sql');
    const appPw = clean(v.password(), /['\\]/g);
    const roPw = clean(v.password(), /['\\]/g);
    const stripe = v.provider('stripe-secret-key');
    const slack = v.provider('slack-bot-token');
    const hashes = [1, 2, 3].map(() => `$2b$12$${v.bcrypt(53)}`);
    const uuid = v.uuid();
    const resetToken = v.hex(64);
    f.add('-- PostgreSQL database dump');
    f.add('-- Dumped from database version 15.4', D('version', '15.4'));
    f.add('SET statement_timeout = 0;');
    f.add(`CREATE ROLE shop_app LOGIN PASSWORD '${appPw}';`, S('password', appPw));
    f.add(`ALTER USER readonly WITH PASSWORD '${roPw}';`, S('password', roPw));
    f.add('CREATE TABLE users (id uuid PRIMARY KEY, email text, password_hash text);');
    f.add(`INSERT INTO users VALUES ('${uuid}', 'dana@acme-corp.io', '${hashes[0]}');`,
      D('uuid', uuid), D('hash', hashes[0]));
    f.add(`INSERT INTO users VALUES ('${v.uuid()}', 'li@acme-corp.io', '${hashes[1]}');`,
      D('hash', hashes[1]));
    f.add(`COPY public.integrations (id, provider, access_token) FROM stdin;`);
    f.add(`1\tstripe\t${stripe}`, S('provider', stripe, 'stripe-secret-key'));
    f.add(`2\tslack\t${slack}`, S('provider', slack, 'slack-bot-token'));
    f.add('\\.');
    f.add(`INSERT INTO password_resets (email, token_sha256) VALUES ('li@acme-corp.io', '${resetToken}');`,
      D('hash', resetToken));
    f.add(`INSERT INTO admins VALUES (1, 'root', '${hashes[2]}');`, D('hash', hashes[2]));
    return f;
  },
  (v) => {
    const f = new FileBuilder('logs/api-2026-03-14.log');
    const bearer = v.alnum(40);
    const jwt = v.jwt({ sub: '42', role: 'admin', iat: 1773446400 });
    const pgPw = v.urlPassword();
    const pw = clean(v.password(), /[\s"'&]/g);
    const req = v.uuid();
    const trace = v.hex(32);
    const key = v.alnum(32);
    f.add(`2026-03-14T09:12:01Z INFO  request_id=${req} GET /v2/orders 200 12ms`, D('uuid', req));
    f.add(`2026-03-14T09:12:02Z DEBUG outgoing headers: {'Authorization': 'Bearer ${bearer}', 'Accept': '*/*'}`,
      S('auth-header', bearer));
    f.add(`2026-03-14T09:12:03Z WARN  token rejected: ${jwt}`, S('jwt', jwt));
    f.add(`2026-03-14T09:12:04Z INFO  connecting to postgres://api:${pgPw}@db.acme.internal:5432/api`,
      S('connection-string', pgPw));
    f.add(`2026-03-14T09:12:05Z DEBUG login attempt user=dana password=${pw}`, S('password', pw));
    f.add(`2026-03-14T09:12:06Z DEBUG GET /v1/rates?api_key=${key} 200`, S('api-key', key));
    f.add('2026-03-14T09:12:07Z DEBUG outgoing headers: {\'Authorization\': \'Bearer [REDACTED]\'}',
      D('redacted', '[REDACTED]'));
    f.add('2026-03-14T09:12:08Z INFO  login ok user=li password=******** mfa=true',
      D('redacted', '********'));
    f.add(`2026-03-14T09:12:09Z INFO  trace_id=${trace} span=checkout`, D('hash', trace));
    f.add('2026-03-14T09:12:10Z ERROR api_key=sk_live_****************4242 rejected',
      D('redacted', 'sk_live_****************4242'));
    f.add('2026-03-14T09:12:11Z INFO  token refreshed, expires_in=3600 token_type=Bearer');
    return f;
  },
  (v) => {
    const f = new FileBuilder('config/mail.properties');
    const smtp = clean(v.password(), /[\\]/g);
    const secret = v.b64(44);
    const ks = clean(v.password(), /[\\]/g);
    const key = v.alnum(32);
    f.add('mail.smtp.host=smtp.mailgun.org');
    f.add('mail.smtp.user=postmaster@mg.acme-corp.io');
    f.add(`mail.smtp.password=${smtp}`, S('password', smtp));
    f.add(`api.secret=${secret}`, S('secret-key', secret));
    f.add(`keystore.pass = ${ks}`, S('password', ks));
    f.add(`geocoder.apiKey : ${key}`, S('api-key', key));
    f.add('password.min-length=12');
    f.add('secret.name=prod/mail/smtp', D('identifier', 'prod/mail/smtp'));
    f.add('token.expiry.seconds=3600');
    f.add('mail.smtp.password.env=SMTP_PASSWORD', D('identifier', 'SMTP_PASSWORD'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('src/main/resources/spring/datasource-context.xml');
    const pw = clean(v.password(), /[<>&"$\\]/g);
    const key = v.alnum(32);
    const ldap = clean(v.password(), /[<>&"$\\]/g);
    const token = v.alnum(40);
    f.add('<beans xmlns="http://www.springframework.org/schema/beans">');
    f.add('  <bean id="dataSource" class="com.zaxxer.hikari.HikariDataSource">');
    f.add('    <property name="jdbcUrl" value="jdbc:postgresql://db.acme.internal:5432/ledger"/>');
    f.add('    <property name="username" value="ledger"/>');
    f.add(`    <property name="password" value="${pw}"/>`, S('password', pw));
    f.add('  </bean>');
    f.add('  <bean id="replica" class="com.zaxxer.hikari.HikariDataSource">');
    f.add('    <property name="password" value="${replica.password}"/>',
      D('env-reference', '${replica.password}'));
    f.add('  </bean>');
    f.add('  <bean id="fxClient" class="com.acme.ledger.FxClient">');
    f.add(`    <constructor-arg name="apiKey" value="${key}"/>`, S('api-key', key));
    f.add('  </bean>');
    f.add('  <bean id="contextSource" class="org.springframework.ldap.core.support.LdapContextSource">');
    f.add('    <property name="userDn" value="cn=ledger,ou=apps,dc=acme,dc=io"/>');
    f.add(`    <property name="password"><value>${ldap}</value></property>`, S('password', ldap));
    f.add('  </bean>');
    f.add('  <bean id="notifier" class="com.acme.ledger.Notifier">');
    f.add(`    <property name="authToken" value="${token}"/>`, S('token', token));
    f.add('    <property name="tokenHeader" value="X-Auth-Token"/>', D('identifier', 'X-Auth-Token'));
    f.add('  </bean>');
    f.add('</beans>');
    return f;
  },
  (v) => {
    const f = new FileBuilder('deploy/odbc/odbc.ini');
    const pw = clean(v.password(), /[;{}\s\\]/g);
    const pw2 = clean(v.password(), /[;{}\s\\]/g);
    const key = v.alnum(32);
    f.add('[ODBC Data Sources]');
    f.add('acme_dw = Snowflake');
    f.add('');
    f.add('[acme_dw]');
    f.add('Driver   = /usr/lib/snowflake/odbc/lib/libSnowflake.so');
    f.add('Server   = acme.eu-west-1.snowflakecomputing.com');
    f.add('UID      = ETL_USER');
    f.add(`PWD      = ${pw}`, S('password', pw));
    f.add('');
    f.add('[reporting]');
    f.add('Driver=ODBC Driver 18 for SQL Server');
    f.add(`ConnectionString=Server=rpt.acme.internal;Database=Reports;Uid=report;Pwd=${pw2};Encrypt=yes`,
      S('connection-string', pw2));
    f.add('');
    f.add('[api]');
    f.add(`key = ${key}`, S('api-key', key));
    f.add('key_file = /etc/acme/api.key', D('identifier', '/etc/acme/api.key'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('services/ingest/connections.py');
    const jdbcPw = clean(v.password(), /[;"'\\&]/g);
    const odbcPw = clean(v.password(), /[;{}"'\\]/g);
    const mongoPw = v.urlPassword();
    const redisPw = v.urlPassword();
    const amqpPw = v.urlPassword();
    const kafkaPw = clean(v.password(), /["'\\;]/g);
    const mssqlPw = v.urlPassword();
    const ldapPw = v.urlPassword();
    const sftpPw = v.urlPassword();
    const oraPw = v.urlPassword();
    f.add('"""Connection settings for the ingest workers."""');
    f.add(`ORACLE_JDBC = "jdbc:oracle:thin:ingest/${oraPw}@//ora.acme.internal:1521/DW"`,
      S('connection-string', oraPw));
    f.add(`SQLSERVER_JDBC = "jdbc:sqlserver://mssql.acme.internal:1433;databaseName=ingest;user=ingest;password=${jdbcPw};"`,
      S('connection-string', jdbcPw));
    f.add(`ODBC = "DRIVER={ODBC Driver 18 for SQL Server};SERVER=mssql.acme.internal;UID=ingest;PWD=${odbcPw}"`,
      S('connection-string', odbcPw));
    f.add(`MONGO_URI = "mongodb://ingest:${mongoPw}@mongo-0.acme.internal:27017,mongo-1.acme.internal:27017/ingest?replicaSet=rs0&authSource=admin"`,
      S('connection-string', mongoPw));
    f.add(`REDIS = "rediss://default:${redisPw}@cache.acme.internal:6380/2"`,
      S('connection-string', redisPw));
    f.add(`BROKER_URL = "amqp://ingest:${amqpPw}@mq.acme.internal:5672/ingest"`,
      S('connection-string', amqpPw));
    f.add(`SQLALCHEMY_URL = "mssql+pyodbc://ingest:${mssqlPw}@mssql.acme.internal/ingest?driver=ODBC+Driver+18"`,
      S('connection-string', mssqlPw));
    f.add(`LDAP_URL = "ldaps://cn=ingest:${ldapPw}@ldap.acme.internal"`, S('url-credentials', ldapPw));
    f.add(`SFTP_DROP = "sftp://partner:${sftpPw}@sftp.partner-logistics.com:22/outgoing"`,
      S('url-credentials', sftpPw));
    f.add('KAFKA_JAAS = (\'org.apache.kafka.common.security.plain.PlainLoginModule required \'');
    f.add(`              'username="ingest" password="${kafkaPw}";')`, S('password', kafkaPw));
    f.add('LOCAL_MONGO = "mongodb://localhost:27017/ingest"');
    f.add('TEMPLATE_URI = "mongodb://<username>:<password>@cluster0.mongodb.net/"',
      D('placeholder', '<password>'));
    f.add('DEV_AMQP = "amqp://guest:guest@localhost:5672/"', D('docs-example', 'guest:guest'));
    f.add('DSN = f"postgresql://{user}:{password}@{host}/{db}"', D('template', '{password}'));
    f.add('REDIS_URL = os.environ["REDIS_URL"]', D('env-reference', 'os.environ["REDIS_URL"]'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('deploy/gcp/terraform-sa.json');
    const pem = v.pem('PRIVATE KEY', 8);
    const escaped = pem.replace(/\n/g, '\\n') + '\\n';
    const keyId = v.hex(40);
    const clientId = String(100000000000000000000n + BigInt(v.int(1e9)));
    f.add('{');
    f.add('  "type": "service_account",');
    f.add('  "project_id": "acme-prod-417512",');
    f.add(`  "private_key_id": "${keyId}",`, D('identifier', keyId));
    f.add(`  "private_key": "${escaped}",`, S('private-key', escaped));
    f.add('  "client_email": "terraform@acme-prod-417512.iam.gserviceaccount.com",');
    f.add(`  "client_id": "${clientId}",`, D('identifier', clientId));
    f.add('  "auth_uri": "https://accounts.google.com/o/oauth2/auth",');
    f.add('  "token_uri": "https://oauth2.googleapis.com/token"');
    f.add('}');
    return f;
  },
  (v) => {
    const f = new FileBuilder('ansible/roles/bastion/defaults/main.yml');
    const ssh = v.pem('OPENSSH PRIVATE KEY', 7);
    const ec = v.pem('EC PRIVATE KEY', 3);
    const pub = 'AAAAC3NzaC1lZDI1NTE5AAAAI' + v.b64(43);
    const cert = v.pem('CERTIFICATE', 6);
    f.add('bastion_user: ops');
    f.add(`bastion_authorized_key: "ssh-ed25519 ${pub} ops@acme"`, D('public-key', pub));
    f.add('bastion_private_key: |');
    f.add(ssh.split('\n').map((l) => `  ${l}`).join('\n'),
      S('private-key', ssh.split('\n').map((l) => `  ${l}`).join('\n')));
    f.add('tls_cert: |');
    f.add(cert.split('\n').map((l) => `  ${l}`).join('\n'),
      D('public-key', cert.split('\n').map((l) => `  ${l}`).join('\n')));
    f.add('tls_key: |');
    f.add(ec.split('\n').map((l) => `  ${l}`).join('\n'),
      S('private-key', ec.split('\n').map((l) => `  ${l}`).join('\n')));
    f.add('known_hosts_fingerprint: "SHA256:' + v.b64(43) + '"', D('hash', 'SHA256:'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('keys/README.md');
    const pub = v.pem('PUBLIC KEY', 5);
    const rsaPub = 'AAAAB3NzaC1yc2EAAAADAQABAAABgQ' + v.b64(300);
    const pgp = v.pem('PGP PUBLIC KEY BLOCK', 5);
    f.add('# Public keys');
    f.add('Verify release signatures with this key:');
    f.add('```');
    f.add(pub, D('public-key', pub));
    f.add('```');
    f.add(`Deploy key: \`ssh-rsa ${rsaPub} deploy@acme\``, D('public-key', rsaPub));
    f.add('```');
    f.add(pgp, D('public-key', pgp));
    f.add('```');
    f.add('Never commit the matching `-----BEGIN PRIVATE KEY-----` file.',
      D('identifier', '-----BEGIN PRIVATE KEY-----'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('web/composer.lock');
    f.add('{');
    f.add(`    "content-hash": "${v.hex(32)}",`);
    f.add('    "packages": [');
    for (const name of ['guzzlehttp/guzzle', 'monolog/monolog', 'symfony/console', 'vlucas/phpdotenv']) {
      const ref = v.hex(40);
      const shasum = v.hex(40);
      f.add(`        { "name": "${name}", "version": "7.8.1",`);
      f.add(`          "source": { "type": "git", "url": "https://github.com/${name}.git", "reference": "${ref}" },`,
        D('lockfile', ref));
      f.add(`          "dist": { "type": "zip", "reference": "${ref}", "shasum": "${shasum}" } },`,
        D('lockfile', shasum));
    }
    f.add('    ]');
    f.add('}');
    return f;
  },
  (v) => {
    const f = new FileBuilder('web/pnpm-lock.yaml');
    f.add("lockfileVersion: '9.0'");
    f.add('packages:');
    for (const name of ['jsonwebtoken@9.0.2', 'dotenv@16.4.5', 'bcryptjs@2.4.3', 'passport-jwt@4.0.1',
      'secure-password@4.0.0', 'token-types@5.0.1']) {
      const integrity = `sha512-${v.b64(86)}==`;
      f.add(`  ${name}:`, D('version', name));
      f.add(`    resolution: {integrity: ${integrity}}`, D('lockfile', integrity));
    }
    f.add('  flake:');
    f.add(`    narHash: sha256-${v.b64(43)}=`, D('lockfile', 'sha256-'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('internal/tokens/validate_test.go');
    const gh = v.nearMiss('github-pat-classic');
    const npm = v.nearMiss('npm-access-token');
    const gho = v.nearMiss('github-oauth-token');
    const age = v.nearMiss('age-secret-key');
    const ghs = v.nearMiss('github-app-installation-token');
    f.add('package tokens');
    f.add('');
    f.add('var checksumCases = []struct {');
    f.add('\tname  string');
    f.add('\tinput string');
    f.add('\tvalid bool');
    f.add('}{');
    f.add(`\t{"classic pat with a bad checksum", "${gh}", false},`, D('near-miss', gh));
    f.add(`\t{"npm token with a bad checksum", "${npm}", false},`, D('near-miss', npm));
    f.add(`\t{"oauth token with a bad checksum", "${gho}", false},`, D('near-miss', gho));
    f.add(`\t{"age key with a bad bech32 checksum", "${age}", false},`, D('near-miss', age));
    f.add(`\t{"installation token with a bad checksum", "${ghs}", false},`, D('near-miss', ghs));
    f.add('}');
    return f;
  },
  (v) => {
    const f = new FileBuilder('services/notifier/.env.production');
    const env: [string, string][] = [
      ['SLACK_BOT_TOKEN', 'slack-bot-token'], ['SLACK_APP_TOKEN', 'slack-app-token'],
      ['TWILIO_ACCOUNT_SID', 'twilio-account-sid'], ['TWILIO_AUTH_TOKEN', 'twilio-auth-token'],
      ['SENDGRID_API_KEY', 'sendgrid-api-key'], ['POSTMARK_SERVER_TOKEN', 'postmark-server-token'],
      ['MAILCHIMP_API_KEY', 'mailchimp-api-key'], ['RESEND_API_KEY', 'resend-api-key'],
      ['TELEGRAM_BOT_TOKEN', 'telegram-bot-token'], ['DISCORD_WEBHOOK', 'discord-webhook-url'],
      ['TEAMS_WEBHOOK_URL', 'microsoft-teams-webhook-url'], ['PAGERDUTY_API_KEY', 'pagerduty-api-key'],
      ['OPSGENIE_API_KEY', 'opsgenie-api-key'], ['SENTRY_AUTH_TOKEN', 'sentry-user-token'],
      ['NEW_RELIC_LICENSE_KEY', 'new-relic-license-key'], ['PUSHER_APP_SECRET', 'pusher-app-secret'],
      ['ABLY_API_KEY', 'ably-api-key'], ['VONAGE_API_SECRET', 'vonage-api-secret'],
      ['MAILGUN_API_KEY', 'mailgun-api-key'], ['BREVO_API_KEY', 'brevo-api-key'],
    ];
    f.add('# notifier, production');
    f.add('NODE_ENV=production');
    for (const [name, rule] of env) {
      const value = v.provider(rule);
      f.add(`${name}=${value}`, S('provider', value, rule));
    }
    const sentryDsn = `https://${v.hex(32)}@o${100000 + v.int(899999)}.ingest.sentry.io/${1000000 + v.int(8999999)}`;
    // Reported at low severity by design (the catalogue's sentry-dsn rule), so labelled as the rule's.
    f.add(`SENTRY_DSN=${sentryDsn}`, S('provider', sentryDsn, 'sentry-dsn'));
    f.add('LOG_LEVEL=info');
    f.add('TWILIO_FROM=+15005550006', D('identifier', '+15005550006'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('config/integrations.toml');
    const entries: [string, string, string][] = [
      ['openai', 'api_key', 'openai-project-key'], ['anthropic', 'api_key', 'anthropic-api-key'],
      ['groq', 'api_key', 'groq-api-key'], ['replicate', 'api_token', 'replicate-api-token'],
      ['linear', 'api_key', 'linear-api-key'], ['notion', 'token', 'notion-integration-token'],
      ['airtable', 'token', 'airtable-pat'], ['figma', 'token', 'figma-pat'],
      ['shopify', 'admin_token', 'shopify-access-token'], ['hubspot', 'token', 'hubspot-private-app-token'],
      ['postman', 'api_key', 'postman-api-key'], ['doppler', 'token', 'doppler-service-token'],
      ['vault', 'token', 'vault-service-token'], ['pulumi', 'access_token', 'pulumi-access-token'],
      ['databricks', 'token', 'databricks-token'], ['tailscale', 'auth_key', 'tailscale-key'],
    ];
    for (const [section, key, rule] of entries) {
      const value = v.provider(rule);
      f.add(`[${section}]`);
      f.add(`${key} = "${value}"`, S('provider', value, rule));
      f.add('timeout_seconds = 30');
      f.add('');
    }
    f.add('[openai_fallback]');
    f.add('api_key_env = "OPENAI_API_KEY"', D('identifier', 'OPENAI_API_KEY'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('internal/integrations/clients.go');
    const rules = ['gitlab-pat', 'buildkite-token', 'sonarqube-project-token', 'circleci-personal-token',
      'digitalocean-pat', 'render-api-key', 'netlify-pat', 'vercel-prefixed-token', 'supabase-secret-key',
      'planetscale-service-token', 'fly-io-token', 'sourcegraph-access-token'];
    f.add('package integrations');
    f.add('');
    f.add('var defaults = map[string]Config{');
    for (const rule of rules) {
      const value = v.provider(rule);
      f.add(`\t"${rule.split('-')[0]}": {BaseURL: "https://${rule.split('-')[0]}.example", Token: "${value}"},`,
        S('provider', value, rule));
    }
    f.add('}');
    f.add('');
    const key = v.alnum(40);
    f.add(`var partnerClient = NewClient(WithAPIKey("${key}"), WithTimeout(10*time.Second))`,
      S('api-key', key));
    f.add('var tokenFromEnv = os.Getenv("PARTNER_TOKEN")', D('env-reference', 'os.Getenv("PARTNER_TOKEN")'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('lib/acme/vendors.rb');
    const rules: [string, string][] = [
      ['Stripe.api_key', 'stripe-restricted-key'], ['Shippo::API.token', 'shippo-live-token'],
      ['EasyPost.api_key', 'easypost-api-key'], ['Mollie::Client.configuration.api_key', 'mollie-api-key'],
      ['Razorpay.setup_key', 'razorpay-key-id'], ['Square.access_token', 'square-access-token'],
      ['Plaid.secret', 'plaid-secret'], ['GoCardlessPro.access_token', 'gocardless-access-token'],
      ['Flutterwave.secret_key', 'flutterwave-secret-key'], ['Duffel.access_token', 'duffel-live-token'],
    ];
    f.add('# frozen_string_literal: true');
    for (const [target, rule] of rules) {
      const value = v.provider(rule);
      f.add(`${target} = '${value}'`, S('provider', value, rule));
    }
    f.add("Stripe.api_key = ENV.fetch('STRIPE_SECRET_KEY')",
      D('env-reference', "ENV.fetch('STRIPE_SECRET_KEY')"));
    f.add("Stripe.api_key = Rails.application.credentials.dig(:stripe, :secret_key)",
      D('env-reference', 'Rails.application.credentials.dig(:stripe, :secret_key)'));
    const pk = `pk_live_${v.alnum(99)}`;
    f.add(`STRIPE_PUBLISHABLE_KEY = '${pk}'`, D('publishable-key', pk));
    return f;
  },
  (v) => {
    const f = new FileBuilder('web/src/config/publicConfig.ts');
    const pk = `pk_live_${v.alnum(99)}`;
    const mapbox = `pk.eyJ1IjoiYWNtZSIsImEiOiJ${v.b64url(40)}.${v.b64url(22)}`;
    const anon = v.jwt({ iss: 'supabase', ref: v.lower(20), role: 'anon', iat: 1700000000, exp: 2015000000 });
    const search = v.hex(32);
    const site = '6Lc' + v.b64url(37);
    const phc = 'phc_' + v.alnum(43);
    const firebaseAppId = `1:${100000000000 + v.int(899999999)}:web:${v.hex(22)}`;
    const ga = `G-${upper(v, 10)}`;
    const clientId = `${100000000000 + v.int(899999999)}-${v.lower(32)}.apps.googleusercontent.com`;
    f.add('export const publicConfig = {');
    f.add(`  stripePublishableKey: '${pk}',`, D('publishable-key', pk));
    f.add(`  mapboxToken: '${mapbox}',`, D('publishable-key', mapbox));
    f.add(`  supabaseAnonKey: '${anon}',`, D('publishable-key', anon));
    f.add(`  algoliaSearchOnlyKey: '${search}',`, D('publishable-key', search));
    f.add(`  recaptchaSiteKey: '${site}',`, D('publishable-key', site));
    f.add(`  posthogKey: '${phc}',`, D('publishable-key', phc));
    f.add(`  firebaseAppId: '${firebaseAppId}',`, D('identifier', firebaseAppId));
    f.add(`  gaMeasurementId: '${ga}',`, D('identifier', ga));
    f.add(`  googleClientId: '${clientId}',`, D('identifier', clientId));
    f.add("  apiBaseUrl: process.env.NEXT_PUBLIC_API_URL ?? 'https://api.acme-corp.io',",
      D('env-reference', 'process.env.NEXT_PUBLIC_API_URL'));
    f.add('};');
    return f;
  },
  (v) => {
    const f = new FileBuilder('src/shared/identifiers.ts');
    const commit = v.hex(40);
    const etag = v.hex(32);
    const sha256 = v.hex(64);
    const id = v.uuid();
    const id2 = v.uuid();
    const objectId = v.hex(24);
    const ulid = '01H' + upper(v, 23);
    f.add('export const passwordResetTokenExpiryMinutes = 30;');
    f.add("export const ACCESS_TOKEN_STORAGE_KEY = 'acme.accessToken';", D('identifier', 'acme.accessToken'));
    f.add("export const refreshTokenCookieName = 'acme_refresh_token';",
      D('identifier', 'acme_refresh_token'));
    f.add("export const API_KEY_QUERY_PARAM = 'apiKey';", D('identifier', 'apiKey'));
    f.add("export const secretKeyVersion = 'v2024_11_rotation';", D('identifier', 'v2024_11_rotation'));
    f.add("export const PASSWORD_FIELD = 'currentPasswordConfirmation';",
      D('identifier', 'currentPasswordConfirmation'));
    f.add("export const tokenEndpoint = '/oauth2/v1/token';", D('identifier', '/oauth2/v1/token'));
    f.add("export const secretsManagerArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/api-AbCdEf';",
      D('identifier', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/api-AbCdEf'));
    f.add("export const AUTH_HEADER_NAME = 'Authorization';", D('identifier', 'Authorization'));
    f.add("export const passwordGrantType = 'urn:ietf:params:oauth:grant-type:password';",
      D('identifier', 'urn:ietf:params:oauth:grant-type:password'));
    f.add(`export const BUILD_SHA = '${commit}';`, D('hash', commit));
    f.add(`export const assetEtag = '${etag}';`, D('hash', etag));
    f.add(`export const schemaChecksum = 'sha256:${sha256}';`, D('hash', sha256));
    f.add(`export const DEFAULT_TENANT_ID = '${id}';`, D('uuid', id));
    f.add(`export const tokenFamilyId = '${id2}';`, D('uuid', id2));
    f.add(`export const seedUserObjectId = '${objectId}';`, D('identifier', objectId));
    f.add(`export const migrationUlid = '${ulid}';`, D('identifier', ulid));
    f.add("export const API_VERSION = '2025-01-15.preview';", D('version', '2025-01-15.preview'));
    f.add("export const SDK_VERSION = '12.4.0-beta.3+build.8841';", D('version', '12.4.0-beta.3+build.8841'));
    f.add("export const secret_scanning_doc = 'https://docs.acme-corp.io/security/secret-scanning';",
      D('identifier', 'https://docs.acme-corp.io/security/secret-scanning'));
    f.add("export const tokenizerModel = 'cl100k_base';", D('identifier', 'cl100k_base'));
    f.add("export const passwordHashAlgorithm = 'argon2id$v=19$m=65536,t=3,p=4';",
      D('identifier', 'argon2id$v=19$m=65536,t=3,p=4'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('web/src/styles/icons.css');
    f.add('.icon-lock {');
    const png = `data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQ${v.b64(180)}`;
    f.add(`  background-image: url("${png}");`, D('data-uri', png));
    f.add('}');
    const svg = `data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmci${v.b64(160)}`;
    f.add(`.icon-key { mask: url(${svg}) no-repeat; }`, D('data-uri', svg));
    const font = `data:font/woff2;base64,d09GMgABAAAAA${v.b64(240)}`;
    f.add('@font-face {');
    f.add('  font-family: "Acme Icons";');
    f.add(`  src: url(${font}) format("woff2");`, D('data-uri', font));
    f.add('}');
    return f;
  },
  (v) => {
    const f = new FileBuilder('docs/incidents/2026-02-token-leak.md');
    const last4 = v.alnum(4);
    f.add('# Postmortem: leaked deploy token');
    f.add('');
    f.add(`The token \`ghp_************************************\` was pushed in commit \`${v.hex(7)}\`.`,
      D('redacted', 'ghp_************************************'));
    f.add(`The Stripe key ending in \`${last4}\` (\`sk_live_...${last4}\`) was rolled.`,
      D('redacted', `sk_live_...${last4}`));
    f.add('Logs showed `Authorization: Bearer <redacted>` for every request.', D('redacted', '<redacted>'));
    f.add('The config held `DB_PASSWORD=•••••••••••` until the fix.', D('redacted', '•••••••••••'));
    f.add('`AWS_SECRET_ACCESS_KEY=REDACTED` was set in the runner.', D('redacted', 'REDACTED'));
    f.add('`"api_key": "[FILTERED]"` appears in the Rails log.', D('redacted', '[FILTERED]'));
    f.add('`xoxb-XXXXXXXXXXXX-XXXXXXXXXXXX-XXXXXXXXXXXXXXXXXXXXXXXX` was revoked by Slack.',
      D('redacted', 'xoxb-XXXXXXXXXXXX-XXXXXXXXXXXX-XXXXXXXXXXXXXXXXXXXXXXXX'));
    f.add('Rotated: `password: "***"` in values.yaml.', D('redacted', '***'));
    return f;
  },
  (v) => {
    void v;
    const f = new FileBuilder('docs/examples/config.example.yaml');
    f.add('# Copy to config.yaml and fill in.');
    f.add('database:');
    f.add('  password: changeme', D('placeholder', 'changeme'));
    f.add('  url: postgres://user:password@localhost:5432/app', D('placeholder', 'user:password'));
    f.add('api:');
    f.add('  key: <YOUR_API_KEY>', D('placeholder', '<YOUR_API_KEY>'));
    f.add('  secret: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', D('placeholder', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'));
    f.add('  token: ${API_TOKEN}', D('env-reference', '${API_TOKEN}'));
    f.add('  webhook_secret: "{{ webhook_secret }}"', D('template', '{{ webhook_secret }}'));
    f.add('stripe:');
    f.add('  secret_key: sk_live_REPLACE_ME', D('placeholder', 'sk_live_REPLACE_ME'));
    f.add('  secret_key_test: sk_test_0000000000000000000000000',
      D('placeholder', 'sk_test_0000000000000000000000000'));
    f.add('aws:');
    f.add('  access_key_id: AKIAXXXXXXXXXXXXXXXX', D('placeholder', 'AKIAXXXXXXXXXXXXXXXX'));
    f.add('  secret_access_key: your-secret-access-key-here',
      D('placeholder', 'your-secret-access-key-here'));
    f.add('smtp:');
    f.add('  password: "<smtp password>"', D('placeholder', '<smtp password>'));
    f.add('  api_key: TODO', D('placeholder', 'TODO'));
    f.add('redis:');
    f.add('  password: !env REDIS_PASSWORD', D('env-reference', '!env REDIS_PASSWORD'));
    f.add('jwt:');
    f.add('  secret: "please-change-this-secret"', D('placeholder', 'please-change-this-secret'));
    f.add('oauth:');
    f.add('  client_secret: ...', D('placeholder', '...'));
    f.add('  client_secret_file: /run/secrets/oauth_client_secret',
      D('identifier', '/run/secrets/oauth_client_secret'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('services/api/app/settings.py');
    const secret = v.b64url(50);
    f.add('import os');
    f.add('');
    f.add('API_KEY = os.environ["API_KEY"]', D('env-reference', 'os.environ["API_KEY"]'));
    f.add("SECRET_KEY = os.environ.get('SECRET_KEY', 'dev-only-insecure-key')",
      D('placeholder', 'dev-only-insecure-key'));
    f.add('DB_PASSWORD = os.getenv("DB_PASSWORD", "")', D('env-reference', 'os.getenv("DB_PASSWORD", "")'));
    f.add('TOKEN = config("TOKEN", default=None)', D('env-reference', 'config("TOKEN", default=None)'));
    f.add('PASSWORD = settings.DATABASES["default"]["PASSWORD"]',
      D('env-reference', 'settings.DATABASES["default"]["PASSWORD"]'));
    f.add('AUTH_TOKEN = vault_client.secrets.kv.read_secret_version(path="api")["data"]["token"]',
      D('identifier', 'vault_client.secrets.kv.read_secret_version'));
    f.add(`FERNET_KEY = "${secret}="`, S('secret-key', secret));
    f.add('PASSWORD_RESET_TIMEOUT = 259200');
    f.add('SECRET_KEY_FALLBACKS = []');
    return f;
  },
  (v) => {
    const f = new FileBuilder('web/src/api/client.js');
    const key = v.alnum(32);
    const secret = v.b64(40);
    const bearer = v.b64url(64);
    f.add("const apiKey = process.env.REACT_APP_API_KEY;",
      D('env-reference', 'process.env.REACT_APP_API_KEY'));
    f.add("const token = localStorage.getItem('access_token');",
      D('identifier', "localStorage.getItem('access_token')"));
    f.add("axios.defaults.headers.common['Authorization'] = `Bearer ${token}`;", D('template', '${token}'));
    f.add(`axios.defaults.headers.common['X-Partner-Key'] = '${key}';`, S('api-key', key));
    f.add(`const hmacSecret = Buffer.from('${secret}', 'base64');`, S('secret-key', secret));
    f.add(`fetch('/api', { headers: { authorization: 'Bearer ${bearer}' } });`, S('auth-header', bearer));
    f.add("const { password } = req.body;", D('identifier', '{ password }'));
    f.add("if (!password) throw new Error('password is required');", D('identifier', 'password is required'));
    f.add("export const secretKey = import.meta.env.VITE_SECRET_KEY;",
      D('env-reference', 'import.meta.env.VITE_SECRET_KEY'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('Jenkinsfile');
    const token = v.alnum(40);
    const pw = clean(v.password(), /['"\\$]/g);
    const jenkins = v.provider('jenkins-api-token');
    const hook = v.provider('slack-webhook-url');
    f.add('pipeline {');
    f.add('  agent any');
    f.add('  environment {');
    f.add(`    DEPLOY_TOKEN = '${token}'`, S('token', token));
    f.add(`    JENKINS_API_TOKEN = '${jenkins}'`, S('provider', jenkins, 'jenkins-api-token'));
    f.add("    REGISTRY_CREDS = credentials('registry-creds')",
      D('identifier', "credentials('registry-creds')"));
    f.add('  }');
    f.add('  stages {');
    f.add("    stage('deploy') {");
    f.add('      steps {');
    f.add("        withCredentials([usernamePassword(credentialsId: 'nexus', usernameVariable: 'U', passwordVariable: 'P')]) {",
      D('identifier', "passwordVariable: 'P'"));
    f.add('          sh \'curl -u "$U:$P" https://nexus.acme-corp.io/service/rest/v1/status\'',
      D('env-reference', '$U:$P'));
    f.add('        }');
    f.add(`        sh "mysql -u deploy --password='${pw}' < migrate.sql"`, S('password', pw));
    f.add(`        slackSend(webhookUrl: '${hook}', message: 'deployed')`,
      S('provider', hook, 'slack-webhook-url'));
    f.add('      }');
    f.add('    }');
    f.add('  }');
    f.add('}');
    return f;
  },
  (v) => {
    const f = new FileBuilder('monitoring/alertmanager.yml');
    const hook = v.provider('slack-webhook-url');
    const smtp = clean(v.password(), /["'#:\\ ]/g);
    const routing = v.hex(32);
    const basicPw = clean(v.password(), /["'#:\\ ]/g);
    f.add('global:');
    f.add(`  slack_api_url: '${hook}'`, S('provider', hook, 'slack-webhook-url'));
    f.add('  smtp_smarthost: smtp.acme-corp.io:587');
    f.add('  smtp_auth_username: alerts@acme-corp.io');
    f.add(`  smtp_auth_password: '${smtp}'`, S('password', smtp));
    f.add('receivers:');
    f.add('  - name: oncall');
    f.add('    pagerduty_configs:');
    f.add(`      - routing_key: ${routing}`, S('secret-key', routing));
    f.add('    webhook_configs:');
    f.add('      - url: https://hooks.acme-corp.io/alerts');
    f.add('        http_config:');
    f.add('          basic_auth:');
    f.add('            username: alertmanager');
    f.add(`            password: ${basicPw}`, S('password', basicPw));
    f.add('  - name: email');
    f.add('    email_configs:');
    f.add('      - to: ops@acme-corp.io');
    f.add('        auth_password_file: /etc/alertmanager/smtp_password',
      D('identifier', '/etc/alertmanager/smtp_password'));
    f.add("        text: '{{ template \"email.default.text\" . }}'",
      D('template', '{{ template "email.default.text" . }}'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('monitoring/prometheus.yml');
    const pw = clean(v.password(), /["'#:\\ ]/g);
    const bearer = v.alnum(40);
    const cred = v.b64url(43);
    f.add('scrape_configs:');
    f.add('  - job_name: node');
    f.add('    basic_auth:');
    f.add('      username: prometheus');
    f.add(`      password: ${pw}`, S('password', pw));
    f.add('  - job_name: api');
    f.add(`    bearer_token: ${bearer}`, S('token', bearer));
    f.add('  - job_name: billing');
    f.add('    authorization:');
    f.add('      type: Bearer');
    f.add(`      credentials: ${cred}`, S('token', cred));
    f.add('  - job_name: k8s');
    f.add('    authorization:');
    f.add('      credentials_file: /var/run/secrets/kubernetes.io/serviceaccount/token',
      D('identifier', '/var/run/secrets/kubernetes.io/serviceaccount/token'));
    f.add('    basic_auth:');
    f.add('      password_file: /etc/prometheus/secrets/basic_pw',
      D('identifier', '/etc/prometheus/secrets/basic_pw'));
    f.add('    scrape_interval: 30s');
    return f;
  },
  (v) => {
    const f = new FileBuilder('ops/dotfiles/.s3cfg');
    const id = v.provider('aws-access-key-id');
    const secret = v.provider('aws-secret-access-key');
    const gpg = clean(v.password(), /\s/g);
    f.add('[default]');
    f.add(`access_key = ${id}`, S('provider', id, 'aws-access-key-id'));
    f.add(`secret_key = ${secret}`, S('provider', secret, 'aws-secret-access-key'));
    f.add(`gpg_passphrase = ${gpg}`, S('password', gpg));
    f.add('host_base = s3.amazonaws.com');
    f.add('signature_v2 = False');
    f.add('gpg_command = /usr/bin/gpg', D('identifier', '/usr/bin/gpg'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('deploy/auth/userlist.txt');
    const md5 = 'md5' + v.hex(32);
    const scram = `SCRAM-SHA-256$4096:${v.b64(24)}$${v.b64(43)}=:${v.b64(43)}=`;
    const apr = `$apr1$${v.bcrypt(8)}$${v.bcrypt(22)}`;
    const sha512 = `$6$${v.bcrypt(16)}$${v.bcrypt(86)}`;
    f.add(`"shop_app" "${md5}"`, D('hash', md5));
    f.add(`"reporting" "${scram}"`, D('hash', scram));
    f.add(`# .htpasswd for the admin area: admin:${apr}`, D('hash', apr));
    f.add(`# /etc/shadow entry: deploy:${sha512}:19800:0:99999:7:::`, D('hash', sha512));
    return f;
  },
  (v) => {
    const f = new FileBuilder('mobile/lib/env.dart');
    const key = v.alnum(32);
    const stripe = v.provider('stripe-secret-key');
    const pw = clean(v.password(), /['\\$]/g);
    f.add('class Env {');
    f.add(`  static const String apiKey = '${key}';`, S('api-key', key));
    f.add(`  static const stripeSecretKey = '${stripe}';`, S('provider', stripe, 'stripe-secret-key'));
    f.add(`  static const adminPassword = '${pw}';`, S('password', pw));
    f.add("  static const fromDefine = String.fromEnvironment('API_KEY');",
      D('env-reference', "String.fromEnvironment('API_KEY')"));
    f.add("  static final fromDotenv = dotenv.env['API_SECRET'];",
      D('env-reference', "dotenv.env['API_SECRET']"));
    f.add("  static const tokenKey = 'auth_token';", D('identifier', 'auth_token'));
    f.add('}');
    return f;
  },
  (v) => {
    const f = new FileBuilder('profiles.clj');
    const pw = v.urlPassword();
    const key = v.alnum(32);
    const secret = v.hex(64);
    f.add('{:dev {:env {:database-url');
    f.add(`             "postgresql://localhost/ledger?user=ledger&password=${pw}"`,
      S('connection-string', pw));
    f.add(`             :api-key "${key}"`, S('api-key', key));
    f.add(`             :session-secret "${secret}"}}`, S('secret-key', secret));
    f.add(' :prod {:env {:api-key (System/getenv "API_KEY")}}}',
      D('env-reference', '(System/getenv "API_KEY")'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('config/database.php');
    const pw = clean(v.password(), /['\\$]/g);
    const redis = v.alnum(32);
    const appKey = v.b64(43) + '=';
    f.add('<?php');
    f.add('return [');
    f.add("    'mysql' => [");
    f.add("        'username' => env('DB_USERNAME', 'forge'),");
    f.add(`        'password' => env('DB_PASSWORD', '${pw}'),`, S('password', pw));
    f.add('    ],');
    f.add("    'redis' => [");
    f.add(`        'password' => env('REDIS_PASSWORD', '${redis}'),`, S('password', redis));
    f.add("        'password_default' => env('REDIS_PASSWORD', null),",
      D('env-reference', "env('REDIS_PASSWORD', null)"));
    f.add('    ],');
    f.add(`    'key' => env('APP_KEY', 'base64:${appKey}'),`, S('secret-key', appKey));
    f.add("    'stripe' => ['secret' => env('STRIPE_SECRET')],", D('env-reference', "env('STRIPE_SECRET')"));
    f.add("    'cipher' => 'AES-256-CBC',", D('identifier', 'AES-256-CBC'));
    f.add('];');
    return f;
  },
  (v) => {
    const f = new FileBuilder('src/Acme.Web/secrets.json');
    const gcp = v.provider('gcp-oauth-client-secret');
    const pw = clean(v.password(), /["\\]/g);
    const conn = clean(v.password(), /["\\;]/g);
    const id = v.uuid();
    f.add('{');
    f.add(`  "Authentication:Google:ClientSecret": "${gcp}",`, S('provider', gcp, 'gcp-oauth-client-secret'));
    f.add(`  "Kestrel:Certificates:Default:Password": "${pw}",`, S('password', pw));
    f.add(`  "ConnectionStrings:Default": "Host=localhost;Database=web;Username=web;Password=${conn}",`,
      S('connection-string', conn));
    f.add(`  "Authentication:Google:ClientId": "${id}"`, D('uuid', id));
    f.add('}');
    return f;
  },
  (v) => {
    const f = new FileBuilder('deploy/supervisor/supervisord.conf');
    const key = v.alnum(32);
    const dbPw = clean(v.password(), /["',%\s\\]/g);
    const httpPw = clean(v.password(), /[\s;]/g);
    const sha = v.hex(40);
    f.add('[inet_http_server]');
    f.add('port = 127.0.0.1:9001');
    f.add('username = admin');
    f.add(`password = ${httpPw}`, S('password', httpPw));
    f.add('[unix_http_server]');
    f.add(`password = {SHA}${sha}`, D('hash', sha));
    f.add('[program:worker]');
    f.add('command = /srv/worker/bin/run');
    f.add(`environment = API_KEY="${key}",DB_PASSWORD="${dbPw}",LOG_LEVEL="info"`,
      S('api-key', key), S('password', dbPw));
    f.add('[program:beat]');
    f.add('environment = API_KEY="%(ENV_API_KEY)s"', D('env-reference', '%(ENV_API_KEY)s'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('hosts/web01/configuration.nix');
    const pw = clean(v.password(), /["\\$]/g);
    const hashed = `$6$${v.bcrypt(16)}$${v.bcrypt(86)}`;
    const key = v.alnum(40);
    f.add('{ config, pkgs, ... }:');
    f.add('{');
    f.add('  users.users.deploy = {');
    f.add(`    hashedPassword = "${hashed}";`, D('hash', hashed));
    f.add('  };');
    f.add('  users.users.backup.initialPassword = "changeme";', D('placeholder', 'changeme'));
    f.add('  services.grafana.settings.security = {');
    f.add(`    admin_password = "${pw}";`, S('password', pw));
    f.add('    secret_key = "$__file{/run/secrets/grafana_secret}";',
      D('template', '$__file{/run/secrets/grafana_secret}'));
    f.add('  };');
    f.add('  services.restic.backups.daily.passwordFile = "/run/keys/restic";',
      D('identifier', '/run/keys/restic'));
    f.add(`  environment.variables.MEILI_MASTER_KEY = "${key}";`, S('api-key', key));
    f.add('  system.stateVersion = "24.05";', D('version', '24.05'));
    f.add('}');
    return f;
  },
  (v) => {
    const f = new FileBuilder('ops/dotfiles/rclone.conf');
    const dropbox = v.provider('dropbox-short-lived-token');
    const id = v.provider('aws-access-key-id');
    const secret = v.provider('aws-secret-access-key');
    f.add('[s3-backup]');
    f.add('type = s3');
    f.add('provider = AWS');
    f.add(`access_key_id = ${id}`, S('provider', id, 'aws-access-key-id'));
    f.add(`secret_access_key = ${secret}`, S('provider', secret, 'aws-secret-access-key'));
    f.add('region = eu-west-1');
    f.add('[dropbox]');
    f.add('type = dropbox');
    f.add(`token = {"access_token":"${dropbox}","token_type":"bearer","expiry":"2026-03-14T10:00:00Z"}`,
      S('provider', dropbox, 'dropbox-short-lived-token'));
    return f;
  },
  (v) => {
    const f = new FileBuilder('ios/Shop.xcworkspace/xcshareddata/swiftpm/Package.resolved');
    f.add('{');
    f.add('  "pins" : [');
    for (const [name, version] of [['alamofire', '5.9.1'], ['keychain-access', '4.2.2'], ['swift-crypto', '3.3.0'],
      ['jwt-kit', '4.13.4'], ['stripe-ios', '23.27.0']]) {
      const revision = v.hex(40);
      f.add(`    { "identity" : "${name}", "kind" : "remoteSourceControl",`);
      f.add(`      "state" : { "revision" : "${revision}", "version" : "${version}" } },`,
        D('lockfile', revision), D('version', version));
    }
    f.add('  ],');
    f.add('  "version" : 2');
    f.add('}');
    return f;
  },
  (v) => {
    const f = new FileBuilder('src/test/kotlin/com/acme/logging/RedactorTest.kt');
    const id = v.uuid();
    const digest = v.hex(64);
    f.add('class RedactorTest {');
    f.add('    @Test fun `masks a stripe key`() {');
    f.add('        val key = "sk_test_" + "X".repeat(24)', D('placeholder', '"X".repeat(24)'));
    f.add('        assertThat(Redactor.mask(key)).isEqualTo("sk_test_****")', D('redacted', 'sk_test_****'));
    f.add('    }');
    f.add('    @Test fun `keeps ids`() {');
    f.add(`        val tenant = UUID.fromString("${id}")`, D('uuid', id));
    f.add(`        val etag = "sha256:${digest}"`, D('hash', digest));
    f.add('        val header = "Bearer " + session.accessToken', D('template', 'session.accessToken'));
    f.add('        val basic = "%s:%s".format(user, password)', D('template', '"%s:%s"'));
    f.add('        val password = System.getenv("TEST_DB_PASSWORD") ?: ""', D('env-reference', 'System.getenv("TEST_DB_PASSWORD")'));
    f.add('        val apiKey = BuildConfig.API_KEY', D('env-reference', 'BuildConfig.API_KEY'));
    f.add('        val secretName = "projects/acme/secrets/db-password/versions/latest"',
      D('identifier', 'projects/acme/secrets/db-password/versions/latest'));
    f.add('        val tokenType = TokenType.REFRESH_TOKEN', D('identifier', 'TokenType.REFRESH_TOKEN'));
    f.add('        val passwordRule = Regex("^(?=.*[A-Z])(?=.*[0-9]).{12,}$")', D('identifier', '(?=.*[A-Z])'));
    f.add('    }');
    f.add('}');
    return f;
  },
  (v) => {
    const f = new FileBuilder('dotfiles/nvim/lua/plugins/ai.lua');
    const token = v.alnum(40);
    f.add('return {');
    f.add('  "jackMort/ChatGPT.nvim",');
    f.add('  opts = {');
    f.add('    api_key_cmd = "op read op://Personal/OpenAI/credential --no-newline",',
      D('env-reference', 'op read op://Personal/OpenAI/credential --no-newline'));
    f.add('    openai_params = { model = "gpt-4o-mini", max_tokens = 4096 },', D('identifier', 'gpt-4o-mini'));
    f.add('  },');
    f.add('  config = function()');
    f.add('    local api_key = os.getenv("OPENAI_API_KEY")', D('env-reference', 'os.getenv("OPENAI_API_KEY")'));
    f.add(`    local github_token = "${token}"`, S('token', token));
    f.add('    local secret = vim.fn.system({ "pass", "show", "work/jira" })', D('identifier', 'vim.fn.system'));
    f.add('  end,');
    f.add('}');
    return f;
  },
];

/** The second blind corpus, deterministic for a seed. */
export function buildBlindCorpus2(options: { seed?: number } = {}): BlindCorpus {
  return corpusFromMakers(FILES, new Values(options.seed ?? 20261204, 9000));
}
