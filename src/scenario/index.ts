export { formatIssue, formatPath } from "./errors.js";
export { parseDocumentAs, parseScenario, validateScenario } from "./load.js";
export type { DocumentOptions, DocumentOutcome, ParseOptions, ParseOutcome, PathSegment, ScenarioIssue } from "./load.js";
export { Limits } from "./limits.js";
export { closest } from "./suggest.js";
export { checkFlags, seedSchema } from "./overrides.js";
export type { FlagOutcome, FlagValues } from "./overrides.js";
export { checkExpectedWork, generatorWork } from "./work.js";
export type { SourceForWork, SourceWork, WorkIssue } from "./work.js";
export { scenarioSchema, SYSTEM_PRIORITY_CLASSES } from "./schema.js";
export type {
  ClassicServer,
  ClusterAutoscalerConfig,
  Fault,
  HpaAutoscaling,
  KedaAutoscaling,
  LlmServer,
  NodePool,
  Scenario,
  ScenarioInput,
  Service,
  ServiceAutoscaling,
  ServiceSlo,
  ServiceTime,
  TrafficSource,
} from "./schema.js";
export { EXPANDERS, LLM_ONLY_METRICS, POD_METRICS, SERVICE_METRICS } from "./autoscaling-schema.js";
export { FAULT_KINDS } from "./faults-schema.js";
export type { FaultKind } from "./faults-schema.js";
export { rowFilterSchema, TRACE_FORMAT_NAMES, traceFileSchema, traceMapSchema, traceReplaySchema } from "./trace-schema.js";
export { GENERATOR_KINDS } from "./traffic-schema.js";
export { count, dnsLabel, strictObject } from "./fields.js";
export { unknownName } from "./suggest.js";
