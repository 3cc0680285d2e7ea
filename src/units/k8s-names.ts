/**
 * The syntax rules Kubernetes applies to names, label keys and values (k8s.io/apimachinery
 * pkg/util/validation: IsDNS1123Label, IsDNS1123Subdomain, IsDNS1035Label, IsQualifiedName,
 * IsValidLabelValue, IsConfigMapKey; k8s.io/kubernetes pkg/apis/core/validation: the relaxed
 * environment variable names of v1.32). Each check returns what was expected, or undefined.
 */

const LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const SUBDOMAIN = `${LABEL}(\\.${LABEL})*`;
const NAME_PART = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";

/** Each rule as one anchored regular expression (lengths as lookaheads), so that schemas can show it. */
export const K8S_NAME_PATTERNS: Readonly<Record<K8sNameRule, RegExp>> = {
  dns1123Label: new RegExp(`^(?=.{1,63}$)${LABEL}$`),
  dns1123Subdomain: new RegExp(`^(?=.{1,253}$)${SUBDOMAIN}$`),
  dns1035Label: /^(?=.{1,63}$)[a-z]([-a-z0-9]*[a-z0-9])?$/,
  qualifiedName: new RegExp(`^((?=[^/]{1,253}/)${SUBDOMAIN}/)?(?=[^/]{1,63}$)${NAME_PART}$`),
  labelValue: new RegExp(`^(?=.{0,63}$)(${NAME_PART})?$`),
  envVarName: /^[\x20-\x3c\x3e-\x7e]+$/,
  configMapKey: /^(?!\.{1,2}$)[-._a-zA-Z0-9]{1,253}$/,
};

export const K8S_NAME_RULES = {
  dns1123Label: "a DNS-1123 label (at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit)",
  dns1123Subdomain: "a DNS-1123 subdomain (at most 253 characters: DNS-1123 labels of lowercase letters, digits and '-' separated by '.')",
  dns1035Label: "a DNS-1035 label (at most 63 lowercase letters, digits and '-', starting with a letter and ending with a letter or digit)",
  qualifiedName:
    "a qualified name (an optional DNS-1123 subdomain prefix and '/', then a name of at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)",
  labelValue: "a label value (empty, or at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)",
  envVarName: "an environment variable name (printable ASCII characters except '=')",
  configMapKey: "a key of at most 253 letters, digits, '-', '_' and '.'",
} as const;

export type K8sNameRule = keyof typeof K8S_NAME_RULES;

const ok = (rule: K8sNameRule, v: string): boolean => K8S_NAME_PATTERNS[rule].test(v);

/** A short quotation of a value for a message (long values are cut). */
export const quoteName = (v: string): string => JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}…` : v);

/**
 * Checks `value` against a Kubernetes name rule. Returns undefined when it passes, else the
 * message `invalid <what> "<value>": expected <rule>` (e.g. what = "label key").
 */
export function k8sNameProblem(rule: K8sNameRule, value: string, what: string): string | undefined {
  return ok(rule, value) ? undefined : `invalid ${what} ${quoteName(value)}: expected ${K8S_NAME_RULES[rule]}`;
}

/** Whether `value` passes the rule. */
export const isK8sName = (rule: K8sNameRule, value: string): boolean => ok(rule, value);
