import { ConventionDiagramResolver, WorkflowDiagramResolver } from './diagram.resolver';
import {
  CommitmentHomeFieldsResolver,
  DeadlineHomeFieldsResolver,
  HistoryEventLocalTimeResolver,
  UrgentCommitmentsResolver,
} from './home.resolver';
import { NoticePreviewResolver } from './notice-preview.resolver';

/** The reads the web pages need: diagrams, the notice preview, a representative's home. */
export const WEB_RESOLVERS = [
  WorkflowDiagramResolver,
  ConventionDiagramResolver,
  NoticePreviewResolver,
  UrgentCommitmentsResolver,
  CommitmentHomeFieldsResolver,
  DeadlineHomeFieldsResolver,
  HistoryEventLocalTimeResolver,
];
