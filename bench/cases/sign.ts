import { createHmac, hash } from 'node:crypto'
import { createRequire } from 'node:module'
import { SANDBOX_CREDENTIALS } from '../../electron/main/sandbox/credentials'
import { serializeTopParams } from '../../electron/main/top/serialize'
import { signTopRequest } from '../../electron/main/top/sign'
import { bigTemplate, TEMPLATE_METHOD, VOUCHER_METHOD, voucherRequest } from '../lib/fixtures'
import { interleaveSync, median, roundRatio } from '../lib/measure'
import { benchCase, type BenchCase, type BenchContext } from '../lib/report'

/**
 * Case 1, signing. Three contenders on the same parameters, interleaved:
 *   ours  `signTopRequest(params, secret, 'md5')`
 *   sdk   ali-topsdk's `TopClient#sign(params)` (md5: sort, concatenate, createHash, uppercase)
 *   raw   `crypto.hash('md5', s)` over the string already sorted and concatenated: the floor,
 *         what the hash and the native call cost with no parameter handling at all
 * for a small voucher request and for a template with 10,000 shop ids (and 1,000 categories).
 *
 * The parameters are what the client holds when it signs: `serializeTopParams` hands over the
 * JSON parameter as a rope (`{` + members + `}`, a V8 ConsString), so every operation gets a new
 * rope of the same text. For the template a variant with the JSON already flat shows what a
 * serializer that emits flat strings would buy (see bench/README.md).
 */

const require = createRequire(import.meta.url)
const { ApiClient } = require('ali-topsdk') as {
  ApiClient: new (o: { appkey: string; appsecret: string; url: string }) => { sign(p: Record<string, string>): string }
}

const { appKey, appSecret, sessionKey } = SANDBOX_CREDENTIALS

/** The parameters exactly as our client signs them (business parameters serialised by it). */
function requestParams(method: string, param: string, request: unknown, session?: string): Record<string, string> {
  return {
    ...serializeTopParams({ [param]: request }),
    ...serializeTopParams({ method, app_key: appKey, timestamp: '2025-01-10 13:14:15', format: 'json', v: '2.0', sign_method: 'md5', session }),
  }
}

/** The documented signing string, built once outside the timed loop. */
function concatenated(params: Record<string, string>): string {
  const names = Object.keys(params)
    .filter((n) => n !== 'sign')
    .sort()
  return names.map((n) => n + params[n]).join('')
}

interface Size {
  label: string
  title: string
  param: string
  params: Record<string, string>
  /** Whether each operation gets a fresh rope for the JSON parameter (as the client has it). */
  rope: boolean
  goals: boolean
}

export async function runSign(ctx: BenchContext): Promise<BenchCase[]> {
  const sdk = new ApiClient({ appkey: appKey, appsecret: appSecret, url: 'http://127.0.0.1/router/rest' })
  const voucherParam = 'param_voucher_status_change_open_req'
  const templateParam = 'param_coupon_template_operate_request'
  const voucher = requestParams(VOUCHER_METHOD, voucherParam, voucherRequest('cd-20250110-0001'))
  const template = requestParams(TEMPLATE_METHOD, templateParam, bigTemplate(10_000, 1_000), sessionKey)
  const sizes: Size[] = [
    { label: '', title: 'small voucher request', param: voucherParam, params: voucher, rope: true, goals: true },
    { label: '.template_10k', title: 'template with 10,000 shop ids', param: templateParam, params: template, rope: true, goals: true },
    {
      label: '.template_10k_flat',
      title: 'same template, JSON parameter already a flat string',
      param: templateParam,
      params: template,
      rope: false,
      goals: false,
    },
  ]
  const rounds = ctx.quick ? 5 : 31
  const roundMs = ctx.quick ? 15 : 80
  const cases: BenchCase[] = []

  for (const size of sizes) {
    const params = { ...size.params }
    const json = params[size.param]!
    const inner = json.slice(1, -1)
    // What toTopJson returns: `{${members.join(',')}}`, a new rope each call.
    const next = size.rope ? () => ((params[size.param] = `{${inner}}`), params) : () => params
    const text = concatenated(params)
    const md5Input = appSecret + text + appSecret
    hash('md5', json) // flattens `json` and `md5Input` once, outside the timing
    hash('md5', md5Input)
    const expected = signTopRequest(next(), appSecret, 'md5')
    if (sdk.sign(next()) !== expected || hash('md5', md5Input, 'hex').toUpperCase() !== expected) {
      throw new Error(`sign bench (${size.title}): the contenders disagree on the signature`)
    }
    const bytes = Buffer.byteLength(md5Input)
    ctx.log(`sign: ${size.title} (${Object.keys(params).length} params, ${bytes.toLocaleString('en')} bytes signed), ${rounds} rounds`)

    const md5 = interleaveSync(
      {
        ours: () => signTopRequest(next(), appSecret, 'md5'),
        sdk: () => sdk.sign(next()),
        raw: () => hash('md5', md5Input, 'hex'),
      },
      { rounds, roundMs },
    )
    const vsSdk = roundRatio(md5.ours!, md5.sdk!)
    const vsRaw = roundRatio(md5.ours!, md5.raw!)
    const goal = (value: number) => (size.goals ? value : null)
    cases.push(
      benchCase({
        name: `sign.vs_sdk${size.label}`,
        metric: `ops/s ours ÷ ali-topsdk, md5, ${size.title}`,
        value: vsSdk,
        unit: '×',
        goal: goal(3),
        better: 'higher',
      }),
      benchCase({
        name: `sign.vs_raw_crypto${size.label}`,
        metric: `ops/s ours ÷ bare crypto.hash over the joined string, ${size.title}`,
        value: vsRaw,
        unit: '×',
        goal: goal(0.7),
        better: 'higher',
      }),
      benchCase({
        name: `sign.raw_crypto_vs_sdk${size.label}`,
        metric: 'ops/s bare hash ÷ ali-topsdk: the most any md5 signer could gain over the SDK',
        value: roundRatio(md5.raw!, md5.sdk!),
        unit: '×',
        goal: null,
        better: 'higher',
      }),
      benchCase({
        name: `sign.ours_ops${size.label}`,
        metric: `median ops/s, md5 (sdk ${Math.round(median(md5.sdk!)).toLocaleString('en')}, bare hash ${Math.round(median(md5.raw!)).toLocaleString('en')})`,
        value: median(md5.ours!),
        unit: 'ops/s',
        goal: null,
        better: 'higher',
      }),
    )
    if (size.rope) {
      const hmac = interleaveSync(
        {
          ours: () => signTopRequest(next(), appSecret, 'hmac'),
          raw: () => createHmac('md5', appSecret).update(text, 'utf8').digest('hex'),
        },
        { rounds, roundMs },
      )
      cases.push(
        benchCase({
          name: `sign.hmac.vs_raw_crypto${size.label}`,
          metric: `ops/s ours ÷ bare createHmac('md5') over the joined string, ${size.title}`,
          value: roundRatio(hmac.ours!, hmac.raw!),
          unit: '×',
          goal: null,
          better: 'higher',
        }),
      )
    }
  }
  return cases
}
